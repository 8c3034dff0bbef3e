"""PostgreSQL backend that creates (test) databases with UTF-8 encoding and C.UTF-8 ctype.

pg_trgm finds nothing in Chinese text on a database whose LC_CTYPE is C, so the ctype is fixed here
rather than left to the server's defaults.
"""

from django.db.backends.postgresql import base, creation


class DatabaseCreation(creation.DatabaseCreation):
    def sql_table_creation_suffix(self):
        return "ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
