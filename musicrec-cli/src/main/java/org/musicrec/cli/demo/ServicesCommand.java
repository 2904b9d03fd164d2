package org.musicrec.cli.demo;

import java.util.concurrent.Callable;
import org.musicrec.cli.infra.InfraSettings;
import org.musicrec.cli.infra.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code musicrec services start|stop|status}. */
@Command(name = "services", mixinStandardHelpOptions = true,
        description = "Start, stop or show the gateway, embedding-service and recommender-service.")
public class ServicesCommand implements Callable<Integer> {

    public enum Action { start, stop, status }

    @Parameters(index = "0", description = "start, stop or status")
    Action action;

    @Override
    public Integer call() throws Exception {
        Services services = new Services(Workspace.detect(), InfraSettings.fromEnvironment());
        switch (action) {
            case start -> services.start().forEach(System.out::println);
            case stop -> services.stop().forEach(System.out::println);
            case status -> services.status().forEach(System.out::println);
        }
        return 0;
    }
}
