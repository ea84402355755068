# Continuations: a comment line and an empty line inside one RUN (BuildKit skips both),
# a continuation ending in a comment-looking word, trailing blanks after the backslash.
FROM debian:bookworm
RUN apt-get update \
# this comment is dropped
    && apt-get install -y \

       curl \   
    && rm -rf /var/lib/apt/lists/*
RUN echo "# not a comment" \
    # a comment inside the continuation
    && true
