package org.musicrec.cli.infra;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL for musicrec: the server already listening on the configured port if there is one, otherwise a
 * real embedded PostgreSQL (zonky) that the launcher runs in its own process. Either way the database exists
 * afterwards.
 */
public final class Postgres {

    private final Workspace workspace;
    private final InfraSettings settings;
    private final ManagedProcess process;

    public Postgres(Workspace workspace, InfraSettings settings) {
        this.workspace = workspace;
        this.settings = settings;
        this.process = new ManagedProcess("postgres", workspace);
    }

    public String up() throws IOException, SQLException {
        String line;
        if (process.running().isPresent()) {
            line = "postgres   already running (ours, embedded) on 127.0.0.1:" + settings.postgresPort();
        } else if (Ports.open("127.0.0.1", settings.postgresPort())) {
            if (!answers()) {
                throw new IllegalStateException("port " + settings.postgresPort() + " is taken, but not by a PostgreSQL"
                        + " that user '" + settings.postgresUser() + "' can log in to (MUSICREC_PG_USER, MUSICREC_PG_PASSWORD);"
                        + " set those, or MUSICREC_PG_PORT to a free port to run an embedded one");
            }
            line = "postgres   using the server already on 127.0.0.1:" + settings.postgresPort();
        } else {
            List<String> cmd = List.of(ManagedProcess.java(), process.marker(), "-Xmx128m", "-cp",
                    workspace.cliClasspath(), EmbeddedPostgresMain.class.getName(),
                    Integer.toString(settings.postgresPort()), workspace.dir("postgres").toString());
            ProcessHandle handle = process.start(cmd, Map.of());
            if (!Ports.await("127.0.0.1", settings.postgresPort(), Duration.ofSeconds(90), handle) || !answers()) {
                process.stop(Duration.ofSeconds(5));
                throw new IllegalStateException("embedded PostgreSQL did not come up; see " + process.logFile());
            }
            line = "postgres   started embedded on 127.0.0.1:" + settings.postgresPort() + " (log " + process.logFile() + ")";
        }
        createDatabase();
        return line + ", database " + settings.database();
    }

    private boolean answers() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Connection c = DriverManager.getConnection(settings.adminJdbcUrl(), settings.postgresUser(),
                    settings.postgresPassword())) {
                return c.isValid(2);
            } catch (SQLException e) {
                Ports.sleep(500);
            }
        }
        return false;
    }

    private void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.adminJdbcUrl(), settings.postgresUser(),
                    settings.postgresPassword());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + settings.database() + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE \"" + settings.database() + "\"");
        }
    }

    public String status() {
        if (process.running().isPresent()) {
            return "postgres   running (ours, embedded, pid " + process.running().get().pid() + ") on 127.0.0.1:"
                    + settings.postgresPort();
        }
        return Ports.open("127.0.0.1", settings.postgresPort())
                ? "postgres   a server (not started by musicrec) listens on 127.0.0.1:" + settings.postgresPort()
                : "postgres   not running";
    }

    public String down() {
        return process.stop(Duration.ofSeconds(30)) ? "postgres   stopped (embedded)"
                : "postgres   left alone (not started by musicrec)";
    }
}
