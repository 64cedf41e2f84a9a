package nnworkshop.util;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * For {@link PartialFilesTest}: starts writing {@code args[0]} through {@link AtomicFiles},
 * says "writing" on standard output once part of the content is in the temporary file, then waits
 * to be stopped by a signal.
 */
public final class SlowWriterMain {
    private SlowWriterMain() {}

    public static void main(String[] args) {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write("new, never finished".getBytes(StandardCharsets.UTF_8));
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
