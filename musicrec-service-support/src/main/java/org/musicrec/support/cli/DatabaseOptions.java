package org.musicrec.support.cli;

import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine.Option;

/**
 * The PostgreSQL options every offline job shares ({@code --jdbc-url}, {@code --user}, {@code --password}, with the
 * services' environment variables as defaults), as a picocli mixin: {@code @Mixin DatabaseOptions database;}. Each job
 * keeps its own {@code --schema}, whose default differs per service.
 */
public final class DatabaseOptions {

    /** A schema name a job may put into a connection property and Flyway: a plain lower-case identifier. */
    public static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");

    @Option(names = "--jdbc-url", defaultValue = "${env:POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/musicrec}",
            description = "PostgreSQL with the data and the model registry (env POSTGRES_URL; default ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "${env:POSTGRES_USER:-postgres}",
            description = "database user (env POSTGRES_USER; default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "${env:POSTGRES_PASSWORD:-}",
            description = "database password (env POSTGRES_PASSWORD)")
    String password;

    /**
     * A data source whose connections resolve unqualified table names in {@code schema}, as the service's own pool
     * does.
     *
     * @throws IllegalArgumentException when the schema is no plain lower-case name
     */
    public DataSource dataSource(String schema) {
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("the schema '" + schema + "' is not a plain lower-case name");
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl, user, password == null ? "" : password);
        Properties properties = new Properties();
        properties.setProperty("currentSchema", schema);
        dataSource.setConnectionProperties(properties);
        return dataSource;
    }
}
