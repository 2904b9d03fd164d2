package org.musicrec.recommender.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one evaluation run: what {@code metrics.json} holds and the table printed to the console.
 *
 * @param protocol     "full-ranking" or "sampled"
 * @param users        evaluated users
 * @param items        catalogue size
 * @param trainSeconds attention model training time
 * @param models       per model name its metrics in {@link RankingMetrics#summary()} order
 */
record MetricsReport(String protocol, int users, int items, double trainSeconds,
                     Map<String, Map<String, Double>> models) {

    MetricsReport {
        models = new LinkedHashMap<>(models);
    }

    String toJson() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"protocol\": ").append(quote(protocol))
                .append(",\n  \"users\": ").append(users)
                .append(",\n  \"items\": ").append(items)
                .append(",\n  \"trainSeconds\": ").append(number(trainSeconds))
                .append(",\n  \"models\": {");
        String modelSeparator = "\n";
        for (Map.Entry<String, Map<String, Double>> model : models.entrySet()) {
            json.append(modelSeparator).append("    ").append(quote(model.getKey())).append(": {");
            String separator = "";
            for (Map.Entry<String, Double> metric : model.getValue().entrySet()) {
                json.append(separator).append(quote(metric.getKey())).append(": ").append(number(metric.getValue()));
                separator = ", ";
            }
            json.append('}');
            modelSeparator = ",\n";
        }
        return json.append("\n  }\n}\n").toString();
    }

    void writeJson(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    String table() {
        StringBuilder table = new StringBuilder();
        Map<String, Double> first = models.values().iterator().next();
        table.append(String.format(Locale.ROOT, "%-20s", "model"));
        first.keySet().forEach(metric -> table.append(String.format(Locale.ROOT, "%9s", metric)));
        table.append('\n');
        for (Map.Entry<String, Map<String, Double>> model : models.entrySet()) {
            table.append(String.format(Locale.ROOT, "%-20s", model.getKey()));
            model.getValue().values().forEach(v -> table.append(String.format(Locale.ROOT, "%9.4f", v)));
            table.append('\n');
        }
        return table.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.6f", value);
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
