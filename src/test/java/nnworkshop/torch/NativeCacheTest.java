package nnworkshop.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.WorkshopException;

/** A damaged libtorch in DJL's cache is found before it is loaded: here with a small jar shaped like the native one. */
class NativeCacheTest {
    @TempDir Path tmp;

    private final byte[] lib = new byte[200_000];
    private final byte[] jni = "the JNI glue".getBytes(StandardCharsets.UTF_8);

    private URLClassLoader fakeNativeJars() throws Exception {
        new Random(7).nextBytes(lib);
        Path jar = tmp.resolve("pytorch-native-cpu-test.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "native/lib/pytorch.properties",
                    "version=9.9\nflavor=cpu\nclassifier=linux-x86_64\nlibraries=libtorch_cpu.so\n".getBytes(StandardCharsets.UTF_8));
            put(out, "pytorch/cpu/linux-x86_64/libtorch_cpu.so", lib);
            put(out, "jnilib/linux-x86_64/cpu/libdjl_torch.so", jni);
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private List<NativeCache.Library> unpacked(URLClassLoader loader) throws Exception {
        List<NativeCache.Library> libs = NativeCache.libraries(tmp.resolve("cache/pytorch"), loader, "0.1");
        assertEquals(2, libs.size(), libs.toString());
        Files.createDirectories(libs.get(0).file().getParent());
        Files.write(libs.get(0).file(), lib);
        Files.write(libs.get(1).file(), jni);
        return libs;
    }

    @Test
    void aTruncatedLibraryIsUnpackedAgainAndSaidSo() throws Exception {
        try (URLClassLoader loader = fakeNativeJars()) {
            List<NativeCache.Library> libs = unpacked(loader);
            Path cpu = tmp.resolve("cache/pytorch/9.9-cpu-linux-x86_64/libtorch_cpu.so");
            assertEquals(cpu, libs.get(0).file());
            try (OutputStream o = Files.newOutputStream(cpu)) {
                o.write(lib, 0, 1000); // truncated, as a full disk or an interrupted unpack leaves it
            }
            List<String> log = new ArrayList<>();
            NativeCache.verify(libs, log::add);
            assertArrayEquals(lib, Files.readAllBytes(cpu));
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).contains("libtorch_cpu.so") && log.get(0).contains("1,000 bytes instead of 200,000"), log.get(0));
            try (var files = Files.list(cpu.getParent())) {
                assertEquals(List.of(".nnworkshop-verified", "0.1-libdjl_torch.so", "libtorch_cpu.so"),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
            }
        }
    }

    @Test
    void aFileOfTheRightSizeWithWrongBytesIsCaughtByItsCrc() throws Exception {
        try (URLClassLoader loader = fakeNativeJars()) {
            List<NativeCache.Library> libs = unpacked(loader);
            List<String> log = new ArrayList<>();
            NativeCache.verify(libs, log::add);
            assertEquals(List.of(), log, "an intact cache is left alone");
            byte[] flipped = lib.clone();
            flipped[123_456] ^= 1;
            Files.write(libs.get(0).file(), flipped);
            Files.setLastModifiedTime(libs.get(0).file(), java.nio.file.attribute.FileTime.fromMillis(1_000_000));
            NativeCache.verify(libs, log::add);
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).contains("CRC-32"), log.get(0));
            assertArrayEquals(lib, Files.readAllBytes(libs.get(0).file()));
        }
    }

    @Test
    void aMissingJniLibraryIsUnpackedAndAFolderNotYetMadeIsLeftToDjl() throws Exception {
        try (URLClassLoader loader = fakeNativeJars()) {
            List<NativeCache.Library> libs = NativeCache.libraries(tmp.resolve("cache/pytorch"), loader, "0.1");
            NativeCache.verify(libs, s -> { throw new AssertionError(s); });
            assertTrue(Files.notExists(libs.get(0).file().getParent()), "DJL unpacks a fresh cache itself");
            unpacked(loader);
            Files.delete(libs.get(1).file());
            List<String> log = new ArrayList<>();
            NativeCache.verify(libs, log::add);
            assertArrayEquals(jni, Files.readAllBytes(libs.get(1).file()));
            assertTrue(log.get(0).contains("missing"), log.toString());
        }
    }

    @Test
    void aDamagedLibraryThatCannotBeReplacedIsOneLineNamingIt() throws Exception {
        try (URLClassLoader loader = fakeNativeJars()) {
            List<NativeCache.Library> libs = unpacked(loader);
            Path cpu = libs.get(0).file();
            Files.delete(cpu);
            Files.createDirectories(cpu.resolve("in-the-way")); // a non-empty folder where the library belongs
            WorkshopException e = assertThrows(WorkshopException.class, () -> NativeCache.verify(libs, s -> { }));
            assertTrue(e.getMessage().contains("libtorch_cpu.so") && e.getMessage().contains("not a regular file")
                    && e.getMessage().contains("DJL_CACHE_DIR") && !e.getMessage().contains("\n"), e.getMessage());
            assertTrue(Files.isDirectory(cpu.resolve("in-the-way")), "nothing of the user's is removed");
        }
    }
}
