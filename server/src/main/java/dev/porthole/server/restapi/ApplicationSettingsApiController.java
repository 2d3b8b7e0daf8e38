package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.outbound.Allowlist;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET/PUT /api/v4/application/settings}, administrators only, with GitLab's names for what Porthole has:
 * the outbound-request policy. A PUT takes JSON or form/query parameters; the allowlist is an array or one
 * comma-separated string, as GitLab takes it. Every change is audited.
 */
@RestController
class ApplicationSettingsApiController {
    private static final String PATH = "/api/v4/application/settings";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Porthole's own setting: the longest a failed job may be held for debugging, from the hold's start. */
    static final String DEBUG_HOLD_MAXIMUM = "porthole_debug_hold_maximum_seconds";

    private final OutboundSettings outbound;
    private final DebugHolds holds;

    ApplicationSettingsApiController(OutboundSettings outbound, DebugHolds holds) {
        this.outbound = outbound;
        this.holds = holds;
    }

    @GetMapping(PATH)
    Map<String, Object> show(@AuthenticationPrincipal Caller caller) {
        requireAdmin(caller, false);
        return entity(outbound.current(), holds.maximum());
    }

    /**
     * JSON bodies, form bodies and query strings ({@code ?outbound_local_requests_whitelist[]=a&...} or a comma
     * list); JSON wins where both name a setting.
     */
    @PutMapping(PATH)
    Map<String, Object> update(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        requireAdmin(caller, true);
        Map<String, Object> given = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (name.endsWith("[]")) {
                given.put(name.substring(0, name.length() - 2), List.of(values));
            } else if (values.length > 0) {
                given.put(name, values[values.length - 1]);
            }
        });
        given.putAll(jsonBody(request));
        return update(caller, given);
    }

    private static Map<String, Object> jsonBody(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type))) {
            return Map.of();
        }
        try {
            byte[] body = request.getInputStream().readAllBytes();
            if (body.length == 0) {
                return Map.of();
            }
            if (!(JSON.readValue(body, Object.class) instanceof Map<?, ?> map)) {
                throw ApiException.badRequest(Map.of("base", List.of("the body must be a JSON object")));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (JacksonException e) {
            throw ApiException.badRequest(Map.of("base", List.of("the body is not valid JSON")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> update(Caller caller, Map<String, Object> given) {
        boolean hasAllowLocal = given.containsKey(OutboundSettings.ALLOW_LOCAL);
        boolean hasAllowlist = given.containsKey(OutboundSettings.ALLOWLIST);
        boolean hasMaximum = given.containsKey(DEBUG_HOLD_MAXIMUM);
        if (!hasAllowLocal && !hasAllowlist && !hasMaximum) {
            throw ApiException.badRequest(Map.of(
                    "base",
                    List.of("give at least one setting: " + OutboundSettings.ALLOW_LOCAL + ", "
                            + OutboundSettings.ALLOWLIST + " or " + DEBUG_HOLD_MAXIMUM)));
        }
        // Everything is checked before anything changes: a bad value leaves all settings as they were.
        Duration maximum = hasMaximum ? maximum(given.get(DEBUG_HOLD_MAXIMUM)) : null;
        OutboundPolicy current = outbound.current();
        boolean allowLocal = hasAllowLocal ? bool(given.get(OutboundSettings.ALLOW_LOCAL)) : current.allowLocal();
        var entries = current.allowlist();
        if (hasAllowlist) {
            switch (Allowlist.parseValues(strings(given.get(OutboundSettings.ALLOWLIST)))) {
                case Allowlist.Result.Valid valid -> entries = valid.entries();
                case Allowlist.Result.Invalid invalid ->
                    throw ApiException.badRequest(Map.of(OutboundSettings.ALLOWLIST, invalid.problems()));
            }
        }
        if (hasMaximum) {
            holds.setMaximum(maximum, caller.user().id());
        }
        OutboundPolicy policy = hasAllowLocal || hasAllowlist
                ? outbound.update(
                        new OutboundPolicy(allowLocal, entries), caller.user().id())
                : current;
        return entity(policy, holds.maximum());
    }

    private static Duration maximum(Object value) {
        String text = value == null ? "" : String.valueOf(value).strip();
        long largest = DebugHolds.LARGEST_MAXIMUM.toSeconds();
        if (text.matches("\\d{1,9}")) {
            long seconds = Long.parseLong(text);
            if (seconds >= 1 && seconds <= largest) {
                return Duration.ofSeconds(seconds);
            }
        }
        throw ApiException.badRequest(Map.of(
                DEBUG_HOLD_MAXIMUM,
                List.of("must be a whole number of seconds from 1 to " + largest + ", not " + describe(value))));
    }

    private static boolean bool(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case String s when s.equalsIgnoreCase("true") || s.equals("1") -> true;
            case String s when s.equalsIgnoreCase("false") || s.equals("0") -> false;
            case null, default ->
                throw ApiException.badRequest(
                        Map.of(OutboundSettings.ALLOW_LOCAL, List.of("must be true or false, not " + describe(value))));
        };
    }

    private static List<String> strings(Object value) {
        return switch (value) {
            case null -> List.of();
            case String text -> List.of(text);
            case List<?> list -> {
                List<String> out = new ArrayList<>();
                for (Object item : list) {
                    if (!(item instanceof String s)) {
                        throw ApiException.badRequest(Map.of(
                                OutboundSettings.ALLOWLIST,
                                List.of("must be an array of strings; " + describe(item) + " is not a string")));
                    }
                    out.add(s);
                }
                yield out;
            }
            default ->
                throw ApiException.badRequest(Map.of(
                        OutboundSettings.ALLOWLIST,
                        List.of("must be an array of strings or a comma-separated string")));
        };
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static Map<String, Object> entity(OutboundPolicy policy, Duration holdMaximum) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", 1);
        body.put(OutboundSettings.ALLOW_LOCAL, policy.allowLocal());
        body.put(OutboundSettings.ALLOWLIST, policy.allowlistText());
        // What Porthole does in any case: the session URL's address is re-checked when the server connects.
        body.put("dns_rebinding_protection_enabled", true);
        body.put("deny_all_requests_except_allowed", false);
        body.put(DEBUG_HOLD_MAXIMUM, holdMaximum.toSeconds());
        return body;
    }

    private static void requireAdmin(Caller caller, boolean write) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        if (!caller.user().admin()
                || caller.projectScope() != null
                || !(write ? caller.mayWriteApi() : caller.mayReadApi())) {
            throw ApiException.forbidden();
        }
    }
}
