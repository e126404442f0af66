"""One function per user action; each is one transaction and validates through the domain. No Qt."""
