package nnworkshop.lab;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import nnworkshop.WorkshopException;
import nnworkshop.data.DigitPreprocessor;

/**
 * The bodies the API accepts, read and checked; every fault is an {@link ApiError} 400 naming it.
 * {@code POST /api/predict} takes {@code {"pixels": [784 numbers in 0..1]}} (an MNIST-style image,
 * ink = 1, row-major) or {@code {"image": "data:image/png;base64,…"}} (any picture of a digit,
 * prepared as {@code ./workshop predict} prepares one: {@link DigitPreprocessor}).
 */
final class Inputs {
    /** Pictures larger than this are refused before they are decoded (a small PNG can hold a huge image). */
    static final long MAX_IMAGE_PIXELS = 4_000_000L;

    private Inputs() {}

    /** A JSON object, or 400. */
    static JsonObject object(String body) {
        JsonElement e;
        try {
            e = JsonParser.parseString(body);
        } catch (JsonParseException | IllegalStateException e2) {
            Throwable c = e2.getCause() != null ? e2.getCause() : e2;
            throw new ApiError(400, "malformed JSON: " + firstLine(c.getMessage()));
        }
        if (!e.isJsonObject()) throw new ApiError(400, "malformed JSON: expected an object like {\"pixels\": [...]}");
        return e.getAsJsonObject();
    }

    /** The 784 values in [0, 1] a predict body stands for. */
    static float[] image(JsonObject o, int d) {
        boolean hasPixels = o.has("pixels"), hasImage = o.has("image");
        if (hasPixels == hasImage) throw new ApiError(400, "give exactly one of \"pixels\" (784 numbers in 0..1) or \"image\" (a data: URL)");
        return hasPixels ? pixels(o.get("pixels"), d) : picture(o.get("image"));
    }

    /**
     * The 784 values in [0, 1] a {@code POST /api/predict} body stands for, read as a stream: the
     * same rules and messages as {@link #object} then {@link #image}, without building a tree of
     * 784 JSON numbers first (the Lab's hottest path: a third of a prediction's time went there).
     */
    static float[] predictBody(String body, int d) {
        JsonReader r = new JsonReader(new StringReader(body));
        r.setStrictness(Strictness.LENIENT); // as JsonParser reads: NaN is read, then refused as a pixel
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                JsonParser.parseReader(r); // a malformed document says so first
                throw new ApiError(400, "malformed JSON: expected an object like {\"pixels\": [...]}");
            }
            r.beginObject();
            float[] x = null;
            JsonElement image = null;
            boolean seenPixels = false, seenImage = false;
            ApiError pixelsFault = null;
            while (r.hasNext()) {
                String name = r.nextName();
                if (name.equals("pixels") || name.equals("image")) {
                    if (seenPixels && name.equals("pixels") || seenImage && name.equals("image")) {
                        throw new ApiError(400, "\"" + name + "\" is given twice");
                    }
                    if (name.equals("pixels")) {
                        seenPixels = true;
                        try {
                            x = pixels(r, d);
                        } catch (ApiError e) { // said after the document is read, as the tree's checks are ordered
                            pixelsFault = e;
                        }
                    } else {
                        seenImage = true;
                        image = JsonParser.parseReader(r);
                    }
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) throw new ApiError(400, "malformed JSON: more after the object");
            if (seenPixels == seenImage) throw new ApiError(400, "give exactly one of \"pixels\" (784 numbers in 0..1) or \"image\" (a data: URL)");
            if (pixelsFault != null) throw pixelsFault;
            return seenPixels ? x : picture(image);
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            Throwable c = e instanceof JsonParseException && e.getCause() != null ? e.getCause() : e;
            throw new ApiError(400, "malformed JSON: " + firstLine(c.getMessage()));
        }
    }

    /** A "pixels" value read from the stream: every element is read, then the count is checked before the values. */
    private static float[] pixels(JsonReader r, int d) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            r.skipValue();
            throw new ApiError(400, "\"pixels\" must be an array of " + d + " numbers");
        }
        float[] x = new float[d];
        int n = 0;
        String firstBad = null;
        r.beginArray();
        while (r.hasNext()) {
            JsonToken t = r.peek();
            if (t == JsonToken.NUMBER) {
                double f = r.nextDouble(); // a whole number ("0", most pixels) is read without making a String
                if (firstBad == null && (Double.isNaN(f) || f < 0 || f > 1)) {
                    firstBad = String.format(Locale.ROOT, "pixel %d is %s; pixels must be numbers in 0..1", n,
                            f == Math.rint(f) && Math.abs(f) < 1e15 ? String.valueOf((long) f) : String.valueOf(f));
                }
                if (n < d) x[n] = (float) f;
            } else {
                String what = t == JsonToken.STRING ? "\"" + r.nextString() + "\"" : t.toString().toLowerCase(Locale.ROOT);
                if (t != JsonToken.STRING) r.skipValue();
                if (firstBad == null) firstBad = "pixel " + n + " is not a number: " + what;
            }
            n++;
        }
        r.endArray();
        if (n != d) throw new ApiError(400, "\"pixels\" has " + n + " values; expected " + d + " (28x28, row-major)");
        if (firstBad != null) throw new ApiError(400, firstBad);
        return x;
    }

    static float[] pixels(JsonElement e, int d) {
        if (!e.isJsonArray()) throw new ApiError(400, "\"pixels\" must be an array of " + d + " numbers");
        JsonArray a = e.getAsJsonArray();
        if (a.size() != d) throw new ApiError(400, "\"pixels\" has " + a.size() + " values; expected " + d + " (28x28, row-major)");
        float[] x = new float[d];
        for (int i = 0; i < d; i++) {
            JsonElement v = a.get(i);
            if (!(v instanceof JsonPrimitive p) || !p.isNumber()) throw new ApiError(400, "pixel " + i + " is not a number: " + v);
            double f = p.getAsDouble();
            if (Double.isNaN(f) || f < 0 || f > 1) {
                throw new ApiError(400, String.format(Locale.ROOT, "pixel %d is %s; pixels must be numbers in 0..1", i, p.getAsString()));
            }
            x[i] = (float) f;
        }
        return x;
    }

    static float[] picture(JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isString()) throw new ApiError(400, "\"image\" must be a data: URL string");
        String s = p.getAsString();
        int comma = s.indexOf(',');
        if (!s.startsWith("data:image/") || comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
            throw new ApiError(400, "\"image\" must be a data URL like data:image/png;base64,...");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s.substring(comma + 1).trim());
        } catch (IllegalArgumentException ex) {
            throw new ApiError(400, "undecodable image: the base64 is malformed");
        }
        BufferedImage img = decode(bytes);
        try {
            return DigitPreprocessor.toMnist(img);
        } catch (WorkshopException ex) {
            throw new ApiError(400, ex.getMessage());
        }
    }

    private static BufferedImage decode(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw new ApiError(400, "undecodable image: not a PNG, JPEG, GIF or BMP");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_IMAGE_PIXELS) {
                    throw new ApiError(400, "the image is " + w + "x" + h + " pixels; at most " + MAX_IMAGE_PIXELS + " pixels are accepted");
                }
                BufferedImage img = reader.read(0);
                if (img == null) throw new ApiError(400, "undecodable image");
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof ApiError a) throw a;
            throw new ApiError(400, "undecodable image: " + firstLine(String.valueOf(ex.getMessage())));
        }
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        String t = i < 0 ? s : s.substring(0, i);
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
