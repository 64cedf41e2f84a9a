package nnworkshop.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a child JVM inherits, and that its crash log never goes to the current folder. */
class ChildJvmFlagsTest {
    @Test
    void keepsHeapGcModulesAndDjlButNotAgents() {
        List<String> f = ChildJvm.inheritedFlags(List.of("-Xmx1g", "-javaagent:x.jar", "--add-modules", "jdk.incubator.vector",
                "-XX:+UseParallelGC", "-Dai.djl.offline=true", "-Dother=1", "-agentlib:jdwp=transport=dt_socket"));
        assertEquals(List.of("-Xmx1g", "--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Dai.djl.offline=true",
                "-Djava.awt.headless=true"), f.subList(0, 6));
        String tmp = System.getProperty("java.io.tmpdir");
        assertEquals(List.of("-XX:ErrorFile=" + Path.of(tmp, "nn-workshop-hs_err_pid%p.log"),
                "-XX:ReplayDataFile=" + Path.of(tmp, "nn-workshop-replay_pid%p.log")), f.subList(6, f.size()));
    }

    @Test
    void theLaunchersCompileCommandsArePassedOn() {
        String quiet = "-XX:CompileCommand=quiet";
        String scaling = "-XX:CompileCommand=CompileThresholdScaling,nnworkshop.tensor.kernel.*::*,0.1";
        List<String> f = ChildJvm.inheritedFlags(List.of("-Xmx1g", "-XX:+UseParallelGC", quiet, scaling,
                "--add-modules", "jdk.incubator.vector"));
        assertEquals(List.of("-Xmx1g", "-XX:+UseParallelGC", quiet, scaling, "--add-modules", "jdk.incubator.vector"),
                f.subList(0, 6));
    }

    @Test
    void aCrashLogTheParentAlreadyPlacesIsKept() {
        List<String> f = ChildJvm.inheritedFlags(List.of("-XX:ErrorFile=/var/tmp/crash/hs_err_pid%p.log"));
        assertEquals(1, f.stream().filter(a -> a.startsWith("-XX:ErrorFile=")).count(), f.toString());
        assertTrue(f.contains("-XX:ErrorFile=/var/tmp/crash/hs_err_pid%p.log"), f.toString());
        assertTrue(f.stream().anyMatch(a -> a.startsWith("-XX:ReplayDataFile=")), f.toString());
    }
}
