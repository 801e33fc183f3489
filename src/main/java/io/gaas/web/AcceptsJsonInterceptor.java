package io.gaas.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses with 406, before the handler runs, an API request whose {@code Accept} allows no JSON.
 * Content negotiation alone decides only when the answer is written, after the handler has done
 * its work: a job submitted with {@code Accept: text/html} was created and charged, and its client
 * told 406. Handlers that answer no body (204) are left alone.
 */
class AcceptsJsonInterceptor implements HandlerInterceptor {

    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new AcceptsJsonInterceptor()).addPathPatterns("/api/**");
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (!(handler instanceof HandlerMethod method) || method.isVoid()) {
            return true;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return true;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        }
        catch (InvalidMediaTypeException unreadable) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
        }
        // A handler that also produces another type (a CSV report) may be asked for that one instead.
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        List<MediaType> produced = mapping == null ? List.of()
                : MediaType.parseMediaTypes(List.of(mapping.produces()));
        // q=0 means "not this one" (RFC 9110 §12.4.2).
        boolean json = accepted.stream()
            .anyMatch(type -> type.getQualityValue() > 0 && (type.includes(MediaType.APPLICATION_JSON)
                    || produced.stream().anyMatch(type::includes)));
        if (!json) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
        }
        return true;
    }
}
