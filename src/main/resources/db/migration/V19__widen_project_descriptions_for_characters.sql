-- A description's limit counts characters (2000, as the API says): H2's VARCHAR counts UTF-16 units,
-- where a character outside the BMP takes two, so the column has room for twice the limit, as the
-- other text columns do since V8. The application checks the limit itself.
ALTER TABLE projects ALTER COLUMN description SET DATA TYPE VARCHAR(4000);
