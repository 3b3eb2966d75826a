"""What endpoints do: the rules of writing them (their defaults, references and short
numbers), and what refers to them."""
