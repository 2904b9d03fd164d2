package org.musicrec.recommender.history;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the history store holds; an admin route at the gateway. */
@RestController
class IngestionController {

    private final HistoryService history;

    IngestionController(HistoryService history) {
        this.history = history;
    }

    @GetMapping("/api/v1/admin/ingestion")
    IngestionStats stats() {
        return history.stats();
    }
}
