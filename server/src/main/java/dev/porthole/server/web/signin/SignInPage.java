package dev.porthole.server.web.signin;

import dev.porthole.server.security.SignInFailure;
import dev.porthole.server.web.Viewer;
import java.util.Arrays;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class SignInPage {

    @GetMapping("/users/sign_in")
    String show(Viewer viewer, @RequestParam Map<String, String> query, Model model) {
        if (viewer.signedIn()) {
            return "redirect:/";
        }
        String error = Arrays.stream(SignInFailure.values())
                .filter(f -> query.containsKey(f.query()))
                .map(SignInFailure::message)
                .findFirst()
                .orElse(null);
        model.addAttribute("error", error);
        model.addAttribute("notice", query.containsKey("signed_out") ? "Signed out." : null);
        return "signin/sign_in";
    }
}
