package nnworkshop.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and captures what it prints. */
final class CliRunner {
    final int code;
    final String out;
    final String err;

    private CliRunner(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    static CliRunner run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(new PrintWriter(o), new PrintWriter(e), args);
        return new CliRunner(code, o.toString(), e.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
