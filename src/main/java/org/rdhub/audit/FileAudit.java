package org.rdhub.audit;

/**
 * One file transfer (or clipboard file copy, or remote print) a device reported.
 *
 * @param direction {@link #DEVICE_TO_CONTROLLER} or {@link #CONTROLLER_TO_DEVICE}, the client's {@code type}
 * @param info      the client's JSON object text as sent: controller ip and name, file count, the 10 largest files
 */
public record FileAudit(
        long id,
        String guid,
        String deviceId,
        String peerId,
        int connId,
        int direction,
        String path,
        boolean isFile,
        String info,
        long createdAt) {

    /** The device sent files to the controller (download, clipboard, remote print). */
    public static final int DEVICE_TO_CONTROLLER = 0;
    /** The controller sent files to the device (upload, clipboard). */
    public static final int CONTROLLER_TO_DEVICE = 1;
}
