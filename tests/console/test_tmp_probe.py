def test_import_gradio():
    import gradio as gr
    with gr.Blocks(title="x") as demo:
        gr.Chatbot(buttons=["copy"])
        gr.Textbox(buttons=["copy"])
    assert demo
