package io.gaas.docs;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import io.swagger.v3.oas.annotations.Hidden;

/** The human entry points to the API documentation: {@code /docs} and a self-hosted ReDoc. */
@Controller
@Hidden
class DocsController {

    // ReDoc comes from the app's own webjar: the page works offline and asks no other host.
    private static final String REDOC_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>GaaS API reference</title>
              <style>body { margin: 0; padding: 0; }</style>
            </head>
            <body>
              <redoc spec-url="/v3/api-docs" hide-download-button="false"></redoc>
              <script src="/webjars/redoc/redoc.standalone.js"></script>
            </body>
            </html>
            """;

    @GetMapping("/docs")
    String docs() {
        return "redirect:/swagger-ui/index.html";
    }

    // ReDoc 2.5.1 always renders an "API docs by Redocly" footer whose logo is an <img> from
    // https://cdn.redoc.ly (no option turns it off). This policy keeps the page to the service's own
    // origin: the browser refuses that image (ReDoc then hides it) and anything else from elsewhere.
    // ReDoc needs inline styles (styled-components) and a blob: worker for its search.
    static final String REDOC_CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'";

    @GetMapping(path = "/redoc", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> redoc() {
        return ResponseEntity.ok().header("Content-Security-Policy", REDOC_CONTENT_SECURITY_POLICY).body(REDOC_PAGE);
    }
}
