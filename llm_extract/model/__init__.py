"""The model: what it is asked (focus, marks, prompts, schema), how (endpoint, backends), and how its answer is checked."""
