package io.integrationhub.routes.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Boot's {@code /error} page as problem+json (instead of {@code {"timestamp","status","error","path"}}): what a
 * servlet, a filter or Spring MVC answered with {@code sendError}, e.g. a 404 of an unknown path or a 405.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 404;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return ResponseEntity.status(status)
                .contentType(MediaType.parseMediaType(ProblemWriter.PROBLEM_JSON))
                .body(ProblemWriter.json(status, null, ProblemErrorReportValve.detail(status),
                        uri == null ? null : uri.toString()));
    }
}
