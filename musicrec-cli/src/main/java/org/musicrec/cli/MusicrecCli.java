package org.musicrec.cli;

import org.musicrec.cli.demo.DemoCommand;
import org.musicrec.cli.demo.ServicesCommand;
import org.musicrec.cli.hetrec.ImportCommand;
import org.musicrec.cli.infra.InfraCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./musicrec} launcher: local infrastructure, services, data import and the demo. */
@Command(name = "musicrec", mixinStandardHelpOptions = true, version = "musicrec 0.1.0",
        description = "Runs musicrec locally: real Kafka and PostgreSQL, the three services, the HetRec import.",
        subcommands = {InfraCommand.class, ServicesCommand.class, ImportCommand.class, DemoCommand.class})
public class MusicrecCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new MusicrecCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
