"""Scripts that derive gold cases from the source text, independently of the project's parser."""
