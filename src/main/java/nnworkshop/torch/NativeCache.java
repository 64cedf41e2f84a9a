package nnworkshop.torch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import nnworkshop.WorkshopException;
import nnworkshop.util.PathText;

/**
 * Checks libtorch as DJL unpacked it into its cache ({@code DJL_CACHE_DIR/pytorch/VERSION-cpu-PLATFORM})
 * against the jars it came from, <em>before</em> it is loaded: a truncated or damaged
 * {@code libtorch_cpu.so} would otherwise be mapped and crash the JVM (SIGBUS) instead of failing
 * with a message.
 *
 * <p>Each file's size is compared with its jar entry's at every start (a stat per file); its CRC-32
 * with the entry's once, then again whenever its size or modification time changes (the
 * verified figures are kept in {@value #STAMP} in the same folder). A damaged or missing file is
 * unpacked again from the jar, through a temporary name moved into place (a process that has the
 * old file mapped keeps it); if that cannot be done, one line says which file and what to do.
 * A folder DJL has not made yet is left to DJL.
 */
final class NativeCache {
    /** Verified size, modification time and CRC-32 of each file, one line each. */
    static final String STAMP = ".nnworkshop-verified";

    private NativeCache() {}

    /** One library: the file in the cache and the jar entry it is unpacked from. */
    record Library(Path file, URL source) {}

    /**
     * The libraries DJL unpacks into {@code engineCache} (its {@code pytorch} folder) for this build: the
     * native jar's {@code libraries} and the JNI glue, or an empty list if the jars are not on the
     * class path (DJL then reports that itself).
     */
    static List<Library> libraries(Path engineCache, ClassLoader loader, String djlVersion) {
        List<Library> out = new ArrayList<>();
        URL props = loader.getResource("native/lib/pytorch.properties");
        if (props == null) return out;
        Properties p = new Properties();
        try (InputStream in = props.openStream()) {
            p.load(in);
        } catch (IOException e) {
            return out;
        }
        String version = p.getProperty("version"), flavor = p.getProperty("flavor"), classifier = p.getProperty("classifier");
        if (version == null || flavor == null || classifier == null) return out;
        Path dir = engineCache.resolve(version + "-" + flavor + "-" + classifier);
        for (String lib : p.getProperty("libraries", "").split(",")) {
            if (lib.isBlank()) continue;
            URL u = loader.getResource("pytorch/" + flavor + "/" + classifier + "/" + lib.trim());
            if (u != null) out.add(new Library(dir.resolve(lib.trim()), u));
        }
        String jni = classifier.startsWith("win") ? "djl_torch.dll" : classifier.startsWith("osx") ? "libdjl_torch.dylib" : "libdjl_torch.so";
        URL u = loader.getResource("jnilib/" + classifier + "/" + flavor + "/" + jni);
        if (u != null && djlVersion != null) out.add(new Library(dir.resolve(djlVersion + "-" + jni), u));
        return out;
    }

    /**
     * Checks (and repairs) {@code libs}; {@code log} hears of each file unpacked again.
     *
     * @throws WorkshopException naming the file if a damaged one cannot be replaced
     */
    static void verify(List<Library> libs, Consumer<String> log) {
        if (libs.isEmpty()) return;
        Path dir = libs.get(0).file().getParent();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return; // not unpacked yet: DJL does it
        Properties stamp = readStamp(dir);
        boolean changed = false;
        for (Library lib : libs) {
            Entry e = entry(lib.source());
            if (e == null) continue;
            Path f = lib.file();
            String name = f.getFileName().toString();
            String problem = null;
            try {
                if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    problem = "missing";
                } else if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    problem = "not a regular file";
                } else {
                    long size = Files.size(f);
                    String seen = size + " " + Files.getLastModifiedTime(f).toMillis() + " " + e.crc;
                    if (size != e.size) {
                        problem = String.format("%,d bytes instead of %,d", size, e.size);
                    } else if (!seen.equals(stamp.getProperty(name))) {
                        long crc = crc(f);
                        if (crc != e.crc) problem = String.format("CRC-32 %08x instead of %08x", crc, e.crc);
                        else {
                            stamp.setProperty(name, seen);
                            changed = true;
                        }
                    }
                }
            } catch (IOException ex) {
                problem = "unreadable (" + ex.getMessage() + ")";
            }
            if (problem == null) continue;
            try {
                unpack(lib.source(), f);
                stamp.setProperty(name, Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis() + " " + e.crc);
                changed = true;
                log.accept("libtorch: " + name + " in the DJL cache was damaged (" + problem + "); unpacked it again from "
                        + e.jar);
            } catch (IOException | UncheckedIOException ex) {
                throw new WorkshopException("libtorch's " + name + " in the DJL cache " + PathText.show(dir) + " is damaged ("
                        + problem + ") and cannot be unpacked again (" + ex.getMessage() + "): delete that folder, or set "
                        + "DJL_CACHE_DIR to a writable one", ex);
            }
        }
        if (changed) writeStamp(dir, stamp);
    }

    private record Entry(String jar, long size, long crc) {}

    private static Entry entry(URL source) {
        try {
            if (!(source.openConnection() instanceof JarURLConnection c)) return null;
            c.setUseCaches(false);
            try (JarFile jar = c.getJarFile()) {
                ZipEntry z = jar.getEntry(c.getEntryName());
                if (z == null || z.getSize() < 0 || z.getCrc() < 0) return null;
                return new Entry(Path.of(jar.getName()).getFileName().toString(), z.getSize(), z.getCrc());
            }
        } catch (IOException e) {
            return null;
        }
    }

    static long crc(Path f) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf) >= 0) {
                buf.flip();
                crc.update(buf);
                buf.clear();
            }
        }
        return crc.getValue();
    }

    private static void unpack(URL source, Path target) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".nnw" + ProcessHandle.current().pid() + ".tmp");
        try {
            try (InputStream in = source.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Properties readStamp(Path dir) {
        Properties p = new Properties();
        Path f = dir.resolve(STAMP);
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                p.clear(); // a damaged stamp only means checking the CRCs again
            }
        }
        return p;
    }

    private static void writeStamp(Path dir, Properties p) {
        Path tmp = dir.resolve(STAMP + ".nnw" + ProcessHandle.current().pid() + ".tmp");
        try {
            try (var out = Files.newOutputStream(tmp)) {
                p.store(out, "size, modification time and CRC-32 of each library, checked against its jar by nn-workshop");
            }
            Files.move(tmp, dir.resolve(STAMP), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // an unwritable cache only means checking the CRCs again next time
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
