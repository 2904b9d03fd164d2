package org.musicrec.recommender.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.musicrec.recommender.ranking.EpochStats;

/** PNG charts of a run: training curves and the metrics per model. */
final class Plots {

    private Plots() {
    }

    static void training(List<EpochStats> epochs, Path dir) throws IOException {
        List<Integer> x = epochs.stream().map(EpochStats::epoch).toList();
        XYChart loss = new XYChartBuilder().width(800).height(500).title("Training loss")
                .xAxisTitle("epoch").yAxisTitle("cross-entropy").build();
        loss.addSeries("loss", x, epochs.stream().map(EpochStats::loss).toList());
        BitmapEncoder.saveBitmap(loss, dir.resolve("training-loss.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart ndcg = new XYChartBuilder().width(800).height(500).title("Validation NDCG@10")
                .xAxisTitle("epoch").yAxisTitle("NDCG@10").build();
        ndcg.addSeries("validation NDCG@10", x, epochs.stream().map(EpochStats::validationNdcg).toList());
        BitmapEncoder.saveBitmap(ndcg, dir.resolve("validation-ndcg.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static void metrics(Map<String, Map<String, Double>> models, Path dir) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500).title("Test metrics per model")
                .xAxisTitle("metric").yAxisTitle("value").build();
        for (Map.Entry<String, Map<String, Double>> model : models.entrySet()) {
            chart.addSeries(model.getKey(), new ArrayList<>(model.getValue().keySet()),
                    new ArrayList<>(model.getValue().values()));
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve("metrics.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
