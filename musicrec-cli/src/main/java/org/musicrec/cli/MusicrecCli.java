package org.musicrec.cli;

import org.musicrec.cli.audio.EmbedCommand;
import org.musicrec.cli.bench.BenchCommand;
import org.musicrec.cli.demo.DemoCommand;
import org.musicrec.cli.demo.ServicesCommand;
import org.musicrec.cli.hetrec.ImportCommand;
import org.musicrec.cli.infra.InfraCommand;
import org.musicrec.cli.models.ModelsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./musicrec} launcher: local infrastructure, services, data import and the demo. */
@Command(name = "musicrec", mixinStandardHelpOptions = true, version = "musicrec 0.1.0",
        description = "Runs musicrec locally: real Kafka and PostgreSQL, the three services, the HetRec import.",
        subcommands = {InfraCommand.class, ServicesCommand.class, ImportCommand.class, DemoCommand.class, ModelsCommand.class, EmbedCommand.class, BenchCommand.class})
public class MusicrecCli {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new MusicrecCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // a user needs the reason, not a stack trace; MUSICREC_DEBUG=1 shows the trace
            commandLine.getErr().println("musicrec: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("MUSICREC_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
