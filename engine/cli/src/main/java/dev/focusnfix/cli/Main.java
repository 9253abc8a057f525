package dev.focusnfix.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code framework} command. Exit codes: 0 success, 2 bad input (one clear message, no stack
 * trace), 1 a failure while running ({@code --debug} adds the stack trace); {@link ExitCodes} is the one mapping
 * every command uses.
 */
public final class Main {

    /** Success. */
    public static final int OK = 0;
    /** A failure while running. */
    public static final int FAILURE = 1;
    /** Bad input: a wrong command line, experiment file or plugin set. */
    public static final int BAD_INPUT = 2;

    private Main() {}

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        FrameworkCommand root = new FrameworkCommand();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(Main::exitCode);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCode(ex);
            err.println((code == BAD_INPUT ? "error: " : "failed: ") + message(ex));
            if (root.debug()) {
                ex.printStackTrace(err);
            } else if (code == FAILURE) {
                err.println("(run again with --debug for the stack trace)");
            }
            err.flush();
            return code;
        });
        return cl.execute(args);
    }

    static int exitCode(Throwable e) {
        return ExitCodes.of(e);
    }

    private static String message(Throwable e) {
        return ExitCodes.message(e);
    }
}
