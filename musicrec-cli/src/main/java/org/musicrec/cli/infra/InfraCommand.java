package org.musicrec.cli.infra;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code musicrec infra up|down|status}. */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = "Start, stop or show the local Kafka broker and PostgreSQL.")
public class InfraCommand implements Callable<Integer> {

    public enum Action { up, down, status }

    @Parameters(index = "0", description = "up, down or status")
    Action action;

    @Override
    public Integer call() throws Exception {
        Infra infra = Infra.local();
        switch (action) {
            case up -> infra.up().forEach(System.out::println);
            case down -> infra.down().forEach(System.out::println);
            case status -> infra.status().forEach(System.out::println);
        }
        return 0;
    }
}
