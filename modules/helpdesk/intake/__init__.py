"""E-mail intake (T11): the office's mailbox read over IMAP; see the helpdesk README."""
