package org.musicrec.support.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DatabaseOptionsTests {

    @Command(name = "job")
    static final class Job {
        @Mixin
        DatabaseOptions database;
    }

    @Test
    void aJobGetsTheSharedOptionsAndASchemaBoundDataSource() {
        Job job = new Job();
        new CommandLine(job).parseArgs("--jdbc-url", "jdbc:postgresql://db.example:5433/x", "--user", "u",
                "--password=p");
        DriverManagerDataSource source = (DriverManagerDataSource) job.database.dataSource("recommender");
        assertThat(source.getUrl()).isEqualTo("jdbc:postgresql://db.example:5433/x");
        assertThat(source.getUsername()).isEqualTo("u");
        assertThat(source.getPassword()).isEqualTo("p");
        assertThat(source.getConnectionProperties()).containsEntry("currentSchema", "recommender");
        assertThat(new CommandLine(new Job()).getUsageMessage()).contains("--jdbc-url", "--user", "--password");
    }

    @Test
    void aSchemaThatIsNoPlainNameIsRefused() {
        Job job = new Job();
        new CommandLine(job).parseArgs();
        for (String schema : new String[] {"Public", "a;drop", "", "x-y"}) {
            assertThatThrownBy(() -> job.database.dataSource(schema)).as(schema)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain lower-case name");
        }
        assertThatThrownBy(() -> job.database.dataSource(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
