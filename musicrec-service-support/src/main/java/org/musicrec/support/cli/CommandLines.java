package org.musicrec.support.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/** Runs a command-line job so that a failure reads as one line naming the cause, not a stack trace. */
public final class CommandLines {

    private CommandLines() {
    }

    /** Executes the picocli command; MUSICREC_DEBUG=1 adds the stack trace. Returns the exit code. */
    public static int run(Object command, String[] args) {
        System.setProperty("java.awt.headless", "true");
        return new CommandLine(command).setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("musicrec: " + describe(ex));
            if (System.getenv("MUSICREC_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 2;
        }).execute(args);
    }

    public static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (ex instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        return ex.getMessage() == null || ex.getMessage().isBlank() ? ex.toString() : ex.getMessage();
    }
}
