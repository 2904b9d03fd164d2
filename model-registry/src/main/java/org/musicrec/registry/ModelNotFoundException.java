package org.musicrec.registry;

/** No model version has this id. */
public class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String versionId) {
        super("model version '" + versionId + "' does not exist");
    }
}
