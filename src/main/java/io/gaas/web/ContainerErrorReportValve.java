package io.gaas.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Answers the requests that Tomcat refuses before any filter sees them (an encoded NUL in the
 * path, a request line or header over the limit) with a problem document instead of Tomcat's HTML
 * page, so that every error a client can get has the shape the API promises. Everything that
 * reaches the service is answered by the service itself, which has already written its body.
 */
public class ContainerErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ErrorCode code = codeFor(status);
        try {
            response.setContentType(ProblemDetails.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problem(code, status, request.getRequestURI()));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ignored) {
            // The connection is gone or the response already committed: there is no one left to tell.
        }
    }

    static ErrorCode codeFor(int status) {
        if (status == 400) {
            return ErrorCode.MALFORMED_REQUEST;
        }
        return Arrays.stream(ErrorCode.values())
            .filter(code -> code.status().value() == status)
            .findFirst()
            .orElse(status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.MALFORMED_REQUEST);
    }

    static String problem(ErrorCode code, int status, String path) {
        return "{\"type\":\"" + code.type() + "\",\"title\":\"" + code.title() + "\",\"status\":" + status
                + ",\"detail\":\"The request was refused before it reached the service: its path or headers "
                + "are not allowed or too long.\",\"instance\":\"" + escape(path == null ? "/" : path)
                + "\",\"code\":\"" + code.name() + "\"}";
    }

    private static String escape(String text) {
        StringBuilder json = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').append((char) c);
            }
            else if (c < 0x20 || c > 0x7e) {
                json.append(String.format("\\u%04x", c));
            }
            else {
                json.append((char) c);
            }
        });
        return json.toString();
    }
}
