package nnworkshop.model;

import nnworkshop.tensor.Tensor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import nnworkshop.WorkshopException;
import nnworkshop.util.AtomicFiles;
import nnworkshop.util.FileKind;
import nnworkshop.util.PathText;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format
 * (float32 tensors only).
 *
 * <p>Layout of a file:
 * <pre>
 *   8 bytes     N, the header length: unsigned 64-bit little-endian
 *   N bytes     header: UTF-8 JSON, padded with spaces to a multiple of 8 bytes
 *               {"__metadata__":{"k":"v"},
 *                "0.weight":{"dtype":"F32","shape":[H,D],"data_offsets":[0,4HD]}, ...}
 *   rest        data section: each tensor's values, little-endian float32, row-major;
 *               data_offsets are [begin, end) byte offsets into this section
 * </pre>
 * {@link #write} lays the tensors out contiguously in the map's order, starting at 0, writes
 * {@code __metadata__} first and pads the header as the reference implementation does, so the file
 * opens with {@code safetensors.torch.load_file} in Python.
 *
 * <p>{@link #read} trusts nothing in the file: every field of the header is type-checked, the
 * tensors must tile the data section exactly (no gaps, overlaps or trailing bytes), and no array is
 * allocated before its size has been checked against the real file size. Every problem is a
 * one-line {@link WorkshopException} that names the file.
 */
public final class SafeTensors {
    /** The only dtype supported. */
    public static final String DTYPE = "F32";
    /** The reserved header key for string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** Headers longer than this are rejected before anything is allocated (100 MB). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Shapes with more dimensions than this are rejected (a generous cap: real models use at most 5). */
    public static final int MAX_RANK = 64;

    private static final int CHUNK_BYTES = 1 << 16;
    private static final Pattern JSON_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    private SafeTensors() {}

    // ------------------------------------------------------------------------------------ write

    /**
     * Writes {@code tensors} (in the map's order) and {@code metadata} to {@code file}, atomically:
     * the content goes to a temporary file that is then moved over {@code file}, so a failed write
     * leaves any previous file untouched.
     *
     * @param tensors  name → tensor; not modified. Names must not be {@value #METADATA_KEY}.
     * @param metadata string → string, or {@code null}/empty for none; not modified
     * @return {@code file}
     * @throws WorkshopException if the file cannot be written
     * @throws IllegalArgumentException if a name, tensor or metadata entry is null or reserved
     */
    public static Path write(Path file, LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata);
        List<Tensor> list = new ArrayList<>(tensors.values());
        return AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : list) {
                writeFloats(out, t.data(), buf);
            }
        });
    }

    /**
     * The header exactly as {@link #write} stores it: compact JSON in UTF-8, padded with spaces
     * to a multiple of 8 bytes (the 8-byte length prefix is not included).
     */
    static byte[] header(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setHtmlSafe(false);
            w.beginObject();
            if (metadata != null && !metadata.isEmpty()) {
                w.name(METADATA_KEY).beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    if (e.getKey() == null || e.getValue() == null) {
                        throw new IllegalArgumentException("metadata keys and values must not be null");
                    }
                    w.name(e.getKey()).value(e.getValue());
                }
                w.endObject();
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                String name = e.getKey();
                Tensor t = e.getValue();
                if (name == null || t == null) {
                    throw new IllegalArgumentException("tensor names and tensors must not be null");
                }
                if (name.equals(METADATA_KEY)) {
                    throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved, not a tensor name");
                }
                long bytes = 4L * t.data().length;
                w.name(name).beginObject();
                w.name("dtype").value(DTYPE);
                w.name("shape").beginArray();
                for (int d : t.shape()) {
                    w.value(d);
                }
                w.endArray();
                w.name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray();
                w.endObject();
                offset += bytes;
            }
            w.endObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: writing to a StringWriter", e);
        }
        byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFloats(OutputStream out, float[] data, ByteBuffer buf) throws IOException {
        int perChunk = buf.capacity() / 4;
        for (int from = 0; from < data.length; from += perChunk) {
            int n = Math.min(perChunk, data.length - from);
            buf.clear();
            buf.asFloatBuffer().put(data, from, n); // little-endian: the view inherits buf's order
            out.write(buf.array(), 0, 4 * n);
        }
    }

    // ------------------------------------------------------------------------------------- read

    /** One tensor's header entry, checked for types but not yet against the data section. */
    private record Entry(String name, int[] shape, long begin, long end) {}

    /**
     * Reads a safetensors file holding float32 tensors.
     *
     * @throws WorkshopException (one line, naming the file) if the file is missing, unreadable or
     *         malformed in any way, or holds a dtype other than F32
     */
    public static SafeTensorsFile read(Path file) {
        String src = PathText.show(file);
        FileKind kind = FileKind.of(file);
        if (kind == FileKind.DIRECTORY) {
            throw fail(src, "is a directory, not a safetensors file");
        }
        if (kind != FileKind.REGULAR && kind != FileKind.MISSING) { // never opened: a FIFO would block
            throw fail(src, "is " + FileKind.describe(file) + ", not a regular file; it was not opened");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw fail(src, "file is too short (" + size + " bytes) to be safetensors: "
                        + "the header length alone takes 8 bytes");
            }
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, prefix, 0, src, "the header length");
            long n = prefix.flip().getLong(); // unsigned: a value ≥ 2^63 reads as negative
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw fail(src, "header length " + Long.toUnsignedString(n) + " is absurd (the limit is "
                        + MAX_HEADER_BYTES + " bytes): not a safetensors file, or corrupt");
            }
            if (n > size - 8) {
                throw fail(src, "header length " + n + " is larger than the rest of the file ("
                        + (size - 8) + " bytes): the file is truncated or not safetensors");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes, 8, src, "the header");
            String json = decodeUtf8(headerBytes.flip(), src);

            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(json, src, metadata);
            long dataStart = 8 + n;
            checkLayout(entries, size - dataStart, src);

            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) {
                // checkLayout proved (end - begin) = 4 * numel ≤ the file's size, and numel fits an array
                float[] data = new float[(int) ((e.end - e.begin) / 4)];
                readFloats(ch, dataStart + e.begin, data, buf, src, e.name);
                tensors.put(e.name, new Tensor(e.shape, data));
            }
            return new SafeTensorsFile(src, tensors, metadata);
        } catch (NoSuchFileException e) {
            throw fail(src, "no such file");
        } catch (AccessDeniedException e) {
            throw fail(src, "permission denied");
        } catch (IOException e) {
            throw new WorkshopException(src + ": cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + PathText.show(firstLine(e.getMessage()))), e);
        }
    }

    private static String decodeUtf8(ByteBuffer bytes, String src) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw fail(src, "header is not valid UTF-8: not a safetensors file, or corrupt");
        }
    }

    private static List<Entry> parseHeader(String json, String src, Map<String, String> metadata) {
        List<Entry> entries = new ArrayList<>();
        JsonReader r = new JsonReader(new StringReader(json));
        r.setStrictness(Strictness.STRICT);
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw fail(src, "header is not a JSON object (it starts with " + r.peek() + ")");
            }
            r.beginObject();
            Set<String> seen = new HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) {
                    throw fail(src, name.equals(METADATA_KEY) ? "header has two '" + METADATA_KEY + "' entries"
                            : "tensor '" + PathText.show(name) + "' appears twice in the header");
                }
                if (name.equals(METADATA_KEY)) {
                    parseMetadata(r, src, metadata);
                } else {
                    entries.add(parseEntry(r, name, src));
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw fail(src, "header has more JSON after its object");
            }
        } catch (IOException | IllegalStateException e) {
            // Gson's own advice ("use lenient mode") is wrong here: a safetensors header is strict JSON
            String why = firstLine(e.getMessage()).replaceFirst(
                    "Use JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept malformed JSON", "unexpected text");
            throw fail(src, "header is not valid JSON: " + PathText.show(why)); // its path holds the file's names
        }
        return entries;
    }

    private static void parseMetadata(JsonReader r, String src, Map<String, String> metadata) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail(src, "'" + METADATA_KEY + "' must be an object of strings, found " + r.peek());
        }
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (r.peek() != JsonToken.STRING) {
                throw fail(src, "'" + METADATA_KEY + "' value of '" + PathText.show(key) + "' must be a string, found " + r.peek());
            }
            if (metadata.put(key, r.nextString()) != null) {
                throw fail(src, "'" + METADATA_KEY + "' has key '" + PathText.show(key) + "' twice");
            }
        }
        r.endObject();
    }

    private static Entry parseEntry(JsonReader r, String name, String src) throws IOException {
        String what = "tensor '" + PathText.show(name) + "'";
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail(src, what + " must be an object with dtype, shape and data_offsets, found " + r.peek());
        }
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            String field = r.nextName();
            boolean repeated;
            switch (field) {
                case "dtype" -> {
                    repeated = dtype != null;
                    if (r.peek() != JsonToken.STRING) {
                        throw fail(src, what + " has a dtype that is not a string (" + r.peek() + ")");
                    }
                    dtype = r.nextString();
                }
                case "shape" -> {
                    repeated = shape != null;
                    shape = integers(r, src, what + " shape", Integer.MAX_VALUE, MAX_RANK);
                }
                case "data_offsets" -> {
                    repeated = offsets != null;
                    offsets = integers(r, src, what + " data_offsets", Long.MAX_VALUE, 2);
                    if (offsets.length != 2) {
                        throw fail(src, what + " data_offsets must be [begin, end], found " + offsets.length + " numbers");
                    }
                }
                default -> throw fail(src, what + " has an unknown field '" + PathText.show(field) + "'");
            }
            if (repeated) {
                throw fail(src, what + " has the field '" + PathText.show(field) + "' twice");
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw fail(src, what + " has no '" + missing + "' field");
        }
        if (!dtype.equals(DTYPE)) {
            throw fail(src, what + " has dtype " + PathText.show(dtype) + "; only " + DTYPE + " (float32) is supported");
        }
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) shape[i];
        }
        return new Entry(name, dims, offsets[0], offsets[1]);
    }

    /**
     * A JSON array of at most {@code maxCount} integers in [0, max]; anything else (negative, 1.5,
     * 1e3, "2", a longer array) is an error.
     */
    private static long[] integers(JsonReader r, String src, String what, long max, int maxCount) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw fail(src, what + " must be an array of integers, found " + r.peek());
        }
        List<Long> values = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (values.size() == maxCount) {
                throw fail(src, what + " has more than " + maxCount + " numbers");
            }
            if (r.peek() != JsonToken.NUMBER) {
                throw fail(src, what + " must hold integers, found " + r.peek());
            }
            String literal = r.nextString();
            if (!JSON_INTEGER.matcher(literal).matches()) {
                throw fail(src, what + " must hold integers, found " + PathText.show(literal));
            }
            if (literal.startsWith("-")) {
                throw fail(src, what + " must not be negative, found " + literal);
            }
            long v;
            try {
                v = Long.parseLong(literal);
            } catch (NumberFormatException e) {
                v = Long.MAX_VALUE; // more than 19 digits
                if (max == Long.MAX_VALUE) {
                    throw fail(src, what + " holds " + literal + ", which is too large");
                }
            }
            if (v > max) {
                throw fail(src, what + " holds " + literal + ", which is too large (the limit is " + max + ")");
            }
            values.add(v);
        }
        r.endArray();
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /**
     * Checks that every tensor's byte range matches its shape, lies inside the data section, and
     * that together the ranges tile {@code [0, dataBytes)} with no gap, overlap or leftover.
     */
    private static void checkLayout(List<Entry> entries, long dataBytes, String src) {
        for (Entry e : entries) {
            String what = "tensor '" + PathText.show(e.name) + "'";
            String offsets = "data_offsets [" + e.begin + ", " + e.end + "]";
            long numel;
            try {
                numel = Tensor.numel(e.shape);
            } catch (IllegalArgumentException x) {
                throw fail(src, what + " has shape " + Arrays.toString(e.shape) + ", whose size overflows");
            }
            if (numel > Integer.MAX_VALUE - 8) {
                throw fail(src, what + " has " + numel + " values, more than this program can hold in one array");
            }
            if (e.end < e.begin) {
                throw fail(src, what + " has " + offsets + " with end before begin");
            }
            if (e.end > dataBytes) {
                throw fail(src, what + " has " + offsets + " beyond the end of the data section ("
                        + dataBytes + " bytes): the file is truncated or the header is wrong");
            }
            if (e.end - e.begin != 4 * numel) {
                throw fail(src, what + " has shape " + Arrays.toString(e.shape) + " (" + numel + " float32 = "
                        + 4 * numel + " bytes) but its " + offsets + " span " + (e.end - e.begin) + " bytes");
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin > covered) {
                throw fail(src, "bytes " + covered + ".." + e.begin + " of the data section belong to no tensor "
                        + "(a gap before tensor '" + PathText.show(e.name) + "')");
            }
            if (e.begin < covered) {
                throw fail(src, "tensor '" + PathText.show(e.name) + "' (bytes " + e.begin + ".." + e.end + ") overlaps tensor '"
                        + PathText.show(previous.name) + "' (bytes " + previous.begin + ".." + previous.end + ")");
            }
            covered = e.end;
            previous = e;
        }
        if (covered != dataBytes) {
            throw fail(src, "the data section has " + dataBytes + " bytes but the header's tensors cover "
                    + covered + ": " + (dataBytes - covered) + " trailing bytes belong to no tensor");
        }
    }

    private static void readFloats(FileChannel ch, long position, float[] dst, ByteBuffer buf, String src, String name)
            throws IOException {
        int perChunk = buf.capacity() / 4;
        for (int from = 0; from < dst.length; from += perChunk) {
            int n = Math.min(perChunk, dst.length - from);
            buf.clear().limit(4 * n);
            readFully(ch, buf, position + 4L * from, src, "tensor '" + PathText.show(name) + "'");
            buf.flip();
            buf.asFloatBuffer().get(dst, from, n);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String src, String what)
            throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int got = ch.read(buf, pos);
            if (got < 0) {
                throw fail(src, "the file ended while reading " + what + " (was it changed while being read?)");
            }
            pos += got;
        }
    }

    private static WorkshopException fail(String src, String problem) {
        return new WorkshopException(src + ": " + problem);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
