package org.rdhub.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.rdhub.common.ServiceException;
import org.rdhub.settings.ServerSetting;
import org.rdhub.settings.SettingsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends rdhub's mails (login codes, invitations) through the SMTP server configured in the settings. */
public final class Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
    private static final String TIMEOUT_MS = "15000";

    private final SettingsService settings;

    public Mailer(SettingsService settings) {
        this.settings = settings;
    }

    public boolean configured() {
        return !settings.get(ServerSetting.SMTP_HOST).isEmpty();
    }

    /**
     * Sends a plain-text mail.
     *
     * @throws ServiceException when no mail server is configured or it refuses the mail; the message says which,
     *     without the server's credentials
     */
    public void send(String to, String subject, String text) {
        if (!configured()) {
            throw ServiceException.invalid("No mail server is configured");
        }
        String security = settings.get(ServerSetting.SMTP_SECURITY);
        String username = settings.get(ServerSetting.SMTP_USERNAME);
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.get(ServerSetting.SMTP_HOST));
        properties.put("mail.smtp.port", settings.get(ServerSetting.SMTP_PORT));
        properties.put("mail.smtp.auth", Boolean.toString(!username.isEmpty()));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(security.equals("starttls")));
        properties.put("mail.smtp.starttls.required", Boolean.toString(security.equals("starttls")));
        properties.put("mail.smtp.ssl.enable", Boolean.toString(security.equals("tls")));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        properties.put("mail.smtp.timeout", TIMEOUT_MS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MS);
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(properties));
            String from = settings.get(ServerSetting.SMTP_FROM);
            message.setFrom(new InternetAddress(from.isEmpty() ? username : from));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(text, StandardCharsets.UTF_8.name());
            if (username.isEmpty()) {
                Transport.send(message);
            } else {
                Transport.send(message, username, settings.get(ServerSetting.SMTP_PASSWORD));
            }
        } catch (MessagingException e) {
            LOG.warn("mail to {} failed: {}", to, e.getMessage());
            throw ServiceException.invalid("The mail could not be sent; check the mail server settings");
        }
    }
}
