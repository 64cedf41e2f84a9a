package nnworkshop.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The libtorch platform names this JVM maps to (DJL's classifiers), and the pom's profiles for them. */
class TorchPlatformTest {

    private static String platformOf(String os, String arch) {
        String oldOs = System.getProperty("os.name"), oldArch = System.getProperty("os.arch");
        try {
            System.setProperty("os.name", os);
            System.setProperty("os.arch", arch);
            return TorchRuntime.platform();
        } finally {
            System.setProperty("os.name", oldOs);
            System.setProperty("os.arch", oldArch);
        }
    }

    @Test
    void eachOsAndArchitectureMapsToDjlsClassifier() {
        assertEquals("linux-x86_64", platformOf("Linux", "amd64"));
        assertEquals("linux-aarch64", platformOf("Linux", "aarch64"));
        assertEquals("osx-aarch64", platformOf("Mac OS X", "aarch64"));
        assertEquals("osx-x86_64", platformOf("Mac OS X", "x86_64"));
        assertEquals("win-x86_64", platformOf("Windows 11", "amd64"));
        assertTrue(TorchRuntime.PLATFORMS.contains(TorchRuntime.platform()), "this machine: " + TorchRuntime.platform());
    }

    @Test
    void thePomHasAProfileForEveryPublishedPlatform() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<classifier>${torch.platform}</classifier>"), "the native jar's classifier is the property");
        for (String p : TorchRuntime.PLATFORMS) {
            assertTrue(pom.contains("<id>" + p + "</id>") && pom.contains("<torch.platform>" + p + "</torch.platform>"), p);
        }
    }
}
