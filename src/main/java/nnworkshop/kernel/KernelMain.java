package nnworkshop.kernel;

import java.nio.file.Path;

/** The kernel's process: {@code java … nnworkshop.kernel.KernelMain CONNECTION_FILE}, as Jupyter starts it (kernel.json). */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp … " + KernelMain.class.getName() + " CONNECTION_FILE (Jupyter starts it: see kernel.json)");
            System.exit(2);
        }
        WorkshopKernel.run(Path.of(args[0]));
    }
}
