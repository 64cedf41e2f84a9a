package nnworkshop.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import nnworkshop.util.AtomicFiles;

/**
 * The bundle's first start: every file against {@code SHA256SUMS}, once. A bundle that passed
 * leaves a marker ({@code .verified}, holding the checksum list's own hash), so later starts cost
 * nothing; a list that changed is checked again.
 */
public final class BundleCheck {
    static final String MARKER = ".verified";

    private BundleCheck() {}

    /**
     * Checks the unpacked bundle at {@code dir} unless it was checked before; returns null when it
     * is whole, else the one line that says what is damaged and what to do.
     */
    public static String firstStart(Path dir) {
        Path sums = dir.resolve(Bundle.SUMS), marker = dir.resolve(MARKER);
        String listHash;
        try {
            listHash = HexFormat.of().formatHex(Bundle.sha256().digest(Files.readAllBytes(sums)));
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(listHash)) return null;
        } catch (IOException e) {
            return "this bundle has no readable " + Bundle.SUMS + " (" + dir + "): unpack the bundle again";
        }
        List<String> bad = Bundle.verify(dir);
        if (!bad.isEmpty()) {
            return "this bundle is damaged: " + bad.get(0) + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more)" : "")
                    + "; copy or download it again, then unpack it into an empty folder";
        }
        try {
            AtomicFiles.writeString(marker, listHash + "\n");
        } catch (RuntimeException e) {
            // a read-only copy: checked again next time, which is only slower
        }
        return null;
    }
}
