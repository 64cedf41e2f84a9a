package nnworkshop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import nnworkshop.doctor.Doctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./workshop doctor}: is this machine ready for the workshop? */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check, in order, everything the workshop needs on this machine, one line each: Java and the "
                + "Vector API, the build, the data (fetched and verified), libtorch (loaded, one forward pass timed), "
                + "Jupyter, the notebooks' kernel (started, one cell run), Chromium (optional), free disk and memory.",
            "A ✗ line ends with the command that fixes it. Exit code 0 when everything required is there, 1 otherwise."})
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data cache directory to check (default: $NNWORKSHOP_DATA, else ~/.cache/nn-workshop).")
    Path dataDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Doctor.Check> checks = Doctor.run(Doctor.system(dataDir), line -> {
            out.println(line);
            out.flush();
        });
        boolean ready = Doctor.ready(checks);
        out.println(ready ? "ready for the workshop" : "not ready: fix the ✗ lines above, then run ./workshop doctor again");
        out.flush();
        return ready ? 0 : 1;
    }
}
