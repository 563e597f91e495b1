package io.trainyard.ui.codec;

import com.google.common.html.HtmlEscapers;

/** The codec sign-in pages: plain HTML forms, no script. */
final class CodecLoginPage {
  private CodecLoginPage() {}

  static String form(String next) {
    return page("Sign in to decode payloads",
        "<p>The Temporal Web UI shows a run's inputs and results decoded once your browser holds a Trainyard"
            + " token here. Paste one with the <code>viewer</code> role (<code>trainyard token create --user NAME"
            + " --role viewer</code>, or the admin token <code>trainyard dev</code> printed), then, in the Web UI's"
            + " Codec Server settings, tick <em>Include cross-origin credentials</em>.</p>"
            + "<form method=\"post\" action=\"login\">"
            + "<label for=\"token\">Token</label><br><textarea id=\"token\" name=\"token\" rows=\"6\" cols=\"80\"></textarea>"
            + "<input type=\"hidden\" name=\"next\" value=\"" + HtmlEscapers.htmlEscaper().escape(next) + "\">"
            + "<p><button type=\"submit\">Sign in</button></p></form>");
  }

  static String signedIn(String user) {
    return page("Signed in", "<p>Signed in as " + HtmlEscapers.htmlEscaper().escape(user) + ": the Web UI decodes payloads for you"
        + " until the token expires (12 hours at most). Go back to the Web UI and reload the page.</p>");
  }

  static String signedOut() {
    return page("Signed out", "<p>The codec server holds no token of yours any more.</p>");
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Trainyard: " + title + "</title></head>"
        + "<body><h1>" + title + "</h1>" + body + "</body></html>";
  }
}
