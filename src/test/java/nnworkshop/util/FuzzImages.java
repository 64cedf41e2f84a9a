package nnworkshop.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

/**
 * Seed images for the fuzz tests of the picture readers (predict's {@code DigitPreprocessor}, the
 * Lab's {@code "image"} body): a small digit stroke in every format and sample type Java writes
 * (PNG 8- and 16-bit gray, RGB, ARGB, palette, 1×1; GIF, BMP, JPEG, WBMP; TIFF with 8-bit, 32-bit
 * and float gray), and headers that declare enormous images (image bombs).
 */
public final class FuzzImages {
    private FuzzImages() {}

    /** The seed images, encoded. */
    public static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        out.add(encode(digit(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png"));
        out.add(encode(digit(20, 15, BufferedImage.TYPE_INT_RGB), "png"));
        out.add(encode(digit(9, 9, BufferedImage.TYPE_INT_ARGB), "png"));
        out.add(encode(digit(12, 12, BufferedImage.TYPE_USHORT_GRAY), "png"));
        out.add(encode(digit(16, 16, BufferedImage.TYPE_BYTE_INDEXED), "png"));
        out.add(encode(digit(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png"));
        out.add(encode(digit(16, 12, BufferedImage.TYPE_INT_RGB), "gif"));
        out.add(encode(digit(10, 14, BufferedImage.TYPE_INT_RGB), "bmp"));
        out.add(encode(digit(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg"));
        out.add(encode(digit(16, 16, BufferedImage.TYPE_BYTE_BINARY), "wbmp"));
        out.add(encode(digit(12, 12, BufferedImage.TYPE_BYTE_GRAY), "tiff"));
        out.add(encode(gray(12, 12, DataBuffer.TYPE_INT), "tiff"));
        out.add(encode(gray(12, 12, DataBuffer.TYPE_FLOAT), "tiff"));
        return out;
    }

    /** A dark stroke on white in an image of the given type. */
    static BufferedImage digit(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(1, w / 6f)));
        g.drawLine(w / 3, h / 5, 2 * w / 3, 4 * h / 5);
        g.dispose();
        return img;
    }

    /** A gray image whose samples are 32-bit integers or floats: white with a dark bar. */
    public static BufferedImage gray(int w, int h, int dataType) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, dataType);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (dataType == DataBuffer.TYPE_FLOAT) r.setSample(x, y, 0, x == w / 2 ? 0f : 1f);
                else r.setSample(x, y, 0, x == w / 2 ? 0 : 0xffffffff); // unsigned 32-bit white
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, o)) throw new IllegalStateException("no " + format + " writer for " + img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }

    /** The pixels a PNG's IHDR declares (width × height, unsigned), or -1 if {@code b} is not a PNG. */
    public static long declaredPixels(byte[] b) {
        if (b.length < 24 || (b[0] & 0xFF) != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G') return -1;
        ByteBuffer bb = ByteBuffer.wrap(b);
        return Integer.toUnsignedLong(bb.getInt(16)) * Integer.toUnsignedLong(bb.getInt(20));
    }

    /** A PNG that declares {@code w × h} 8-bit gray pixels in a valid IHDR, with one tiny IDAT. */
    public static byte[] pngBomb(int w, int h) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(o, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        Deflater d = new Deflater();
        d.setInput(new byte[1024]); // rows of zeros: what a bomb compresses well
        d.finish();
        byte[] z = new byte[2048];
        int n = d.deflate(z);
        d.end();
        chunk(o, "IDAT", java.util.Arrays.copyOf(z, n));
        chunk(o, "IEND", new byte[0]);
        return o.toByteArray();
    }

    /** A GIF whose screen and image are {@code w × h} (16-bit sizes), with an empty LZW stream. */
    public static byte[] gifBomb(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) w).putShort((short) h)
                .put((byte) 0).put((byte) 0).put((byte) 0) // no global colour table
                .put((byte) 0x2c).putShort((short) 0).putShort((short) 0).putShort((short) w).putShort((short) h)
                .put((byte) 0).put((byte) 8).put((byte) 2).put((byte) 0x4c).put((byte) 0x01).put((byte) 0).put((byte) 0x3b);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** A 24-bit BMP whose header says {@code w × h} pixels, followed by a few bytes of them. */
    public static byte[] bmpBomb(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(54 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + 16).putInt(0).putInt(54)
                .putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 24).putInt(0).putInt(16)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    private static void chunk(ByteArrayOutputStream o, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        o.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        o.writeBytes(t);
        o.writeBytes(data);
        o.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
