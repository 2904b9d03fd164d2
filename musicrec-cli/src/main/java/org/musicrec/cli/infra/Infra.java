package org.musicrec.cli.infra;

import java.util.List;

/** Kafka and PostgreSQL together. */
public record Infra(Workspace workspace, InfraSettings settings, KafkaBroker kafka, Postgres postgres) {

    public static Infra local() {
        Workspace workspace = Workspace.detect();
        InfraSettings settings = InfraSettings.fromEnvironment();
        return new Infra(workspace, settings, new KafkaBroker(workspace, settings), new Postgres(workspace, settings));
    }

    public List<String> up() throws Exception {
        return List.of(postgres.up(), kafka.up());
    }

    public List<String> down() {
        return List.of(kafka.down(), postgres.down());
    }

    public List<String> status() {
        return List.of(postgres.status(), kafka.status());
    }
}
