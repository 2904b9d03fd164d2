package org.musicrec.embedding.vector;

/** No audio job of this track has this id. */
public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(String trackId, String jobId) {
        super("track '" + trackId + "' has no audio job '" + jobId + "'");
    }
}
