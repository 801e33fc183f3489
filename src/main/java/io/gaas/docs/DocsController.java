package io.gaas.docs;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

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

    @GetMapping(path = "/redoc", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String redoc() {
        return REDOC_PAGE;
    }
}
