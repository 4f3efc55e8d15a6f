// Asks a question only while the answer it depends on meets its condition (the questionnaire's
// show_if: one of its values, and/or a number at least so large), as the server judges it; a
// hidden question is cleared so it is not sent.
(function () {
  const form = document.getElementById('campaign-form');
  if (!form) return;
  const questions = Array.from(form.querySelectorAll('.question[data-show-field]')).filter((q) => q.dataset.showField);
  function update() {
    for (const question of questions) {
      const source = form.elements[question.dataset.showField];
      const wanted = question.dataset.showValues ? question.dataset.showValues.split('|') : null;
      const atLeast = question.dataset.showAtLeast ? Number(question.dataset.showAtLeast) : null;
      const value = source ? source.value : '';
      const shown = !!source && !source.closest('.question[hidden]') && value !== ''
        && (!wanted || wanted.includes(value))
        && (atLeast === null || (value.trim() !== '' && Number(value) >= atLeast));
      question.hidden = !shown;
      if (!shown) for (const input of question.querySelectorAll('input, select')) input.value = '';
    }
  }
  form.addEventListener('change', update);
  form.addEventListener('input', update);
  update();
})();
