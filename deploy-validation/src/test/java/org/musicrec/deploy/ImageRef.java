package org.musicrec.deploy;

/** An image reference split the way registries read it: name, then an optional tag and digest. */
record ImageRef(String name, String tag, String digest) {

    ImageRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("image name is blank");
        }
    }

    static ImageRef parse(String reference) {
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        // a colon before the last slash belongs to a registry host:port, not to a tag
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        return new ImageRef(rest, tag, digest);
    }

    /** Pinned: a digest, or an explicit tag other than "latest". */
    boolean pinned() {
        return digest != null || (tag != null && !tag.isBlank() && !tag.equals("latest"));
    }
}
