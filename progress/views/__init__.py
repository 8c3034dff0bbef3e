"""Views of monthly progress: county entry, office review and dashboards, public pages."""
