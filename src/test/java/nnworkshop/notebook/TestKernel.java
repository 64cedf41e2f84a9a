package nnworkshop.notebook;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import nnworkshop.WorkshopException;

/**
 * The project's kernel spec for tests, written under a temporary project root, with the test JVM's
 * classpath (target/classes and the dependencies in the local Maven repository: target/lib is only
 * filled at the package phase, after the tests).
 */
public final class TestKernel {
    private TestKernel() {}

    /** Jupyter as the commands find it; fails the test with the install hint if there is none. */
    public static Path jupyter() {
        try {
            return Jupyter.launcher();
        } catch (WorkshopException e) {
            return fail("these tests start the notebook kernel through Jupyter: " + e.getMessage());
        }
    }

    /** Writes {@code root/target/jupyter/kernels/nn-workshop/kernel.json} and returns the layout. */
    public static KernelSetup.Layout install(Path root) {
        List<Path> cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).filter(Files::exists).map(Path::toAbsolutePath).toList();
        KernelSetup.Layout layout = new KernelSetup.Layout(root);
        KernelSetup.install(layout, cp);
        return layout;
    }
}
