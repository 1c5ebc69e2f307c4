package io.integrationhub.routes.rest;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report as problem+json instead of its HTML page. Tomcat refuses some requests before any filter or
 * servlet runs (an encoded {@code /} or {@code \}, {@code %00}, a bad {@code %} escape, raw {@code []} or a header
 * over the size limit); this valve is what renders those answers. The guards are Tomcat's own
 * ({@link ErrorReportValve#report}): only errors, only when nothing was written yet, only once.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(ProblemWriter.PROBLEM_JSON);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemWriter.json(status, null, detail(status), null));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was committed meanwhile: nothing more to tell it
        }
    }

    /** What went wrong, without echoing the request (it may be huge or hostile). */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: the URL may contain an encoded '/' or '\\', '%00', a bad '%' "
                    + "escape or characters that must be percent-encoded, or a header may be too large or invalid.";
            case 404 -> "There is no resource at this URL.";
            case 405 -> "This resource does not support the request's method.";
            case 413 -> "The body is too large.";
            case 414 -> "The URL is too long.";
            case 431 -> "The request's headers are too large.";
            case 501 -> "The request's method is not supported.";
            default -> status >= 500 ? "The request failed on our side." : "The request cannot be processed.";
        };
    }
}
