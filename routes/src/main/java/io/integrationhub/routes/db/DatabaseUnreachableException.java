package io.integrationhub.routes.db;

/** The service cannot work without its database; raised at start so the failure analyzer can say what to do. */
public class DatabaseUnreachableException extends RuntimeException {

    private final String url;

    public DatabaseUnreachableException(String url, Throwable cause) {
        super("PostgreSQL at " + url + " is unreachable: " + rootMessage(cause), cause);
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
